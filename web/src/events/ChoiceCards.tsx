import type { ReactNode } from 'react';
import type { Choice } from './words';
import './choice-cards.css';

/**
 * A question answered by picking one card: real radio inputs (arrow keys move between them), each
 * with its label and a sentence saying what it means.
 */
export function ChoiceCards<T extends string>(props: {
  name: string;
  legend: string;
  hint?: ReactNode;
  choices: readonly Choice<T>[];
  value: T;
  onChange: (value: T) => void;
  error?: string;
}) {
  const errorId = `${props.name}-error`;
  return (
    <fieldset className="choice-cards" aria-describedby={props.error ? errorId : undefined}>
      <legend className="label">{props.legend}</legend>
      {props.hint && <p className="hint">{props.hint}</p>}
      <div className="choice-cards-list">
        {props.choices.map((choice) => (
          <label key={choice.value} className="choice-card">
            <input
              type="radio"
              name={props.name}
              value={choice.value}
              checked={props.value === choice.value}
              onChange={() => props.onChange(choice.value)}
            />
            <span className="choice-card-text">
              <span className="choice-card-label">{choice.label}</span>
              <span className="choice-card-explanation">{choice.explanation}</span>
            </span>
          </label>
        ))}
      </div>
      {props.error && (
        <p className="error" id={errorId}>
          {props.error}
        </p>
      )}
    </fieldset>
  );
}
