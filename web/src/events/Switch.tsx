import { useId } from 'react';
import './switch.css';

/** An on/off setting: a checkbox drawn as a switch, with its label and what it means. */
export function Switch(props: {
  label: string;
  explanation: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}) {
  const hintId = useId();
  return (
    <label className="switch-row">
      <span className="switch-text">
        <span className="switch-label">{props.label}</span>
        <span className="switch-explanation" id={hintId}>
          {props.explanation}
        </span>
      </span>
      <input
        type="checkbox"
        role="switch"
        className="switch"
        checked={props.checked}
        disabled={props.disabled}
        aria-checked={props.checked}
        aria-describedby={hintId}
        onChange={(e) => props.onChange(e.target.checked)}
      />
    </label>
  );
}
