import { X } from 'lucide-react';
import './chips.css';

/** Removable chips (tags, people), each with a labelled remove button. */
export function Chips(props: {
  values: string[];
  label: (value: string) => string;
  onRemove: (value: string) => void;
}) {
  if (props.values.length === 0) return null;
  return (
    <ul className="chips">
      {props.values.map((value) => (
        <li key={value} className="chip">
          <span>{props.label(value)}</span>
          <button
            type="button"
            aria-label={`Remove ${props.label(value)}`}
            onClick={() => props.onRemove(value)}
          >
            <X size={14} aria-hidden />
          </button>
        </li>
      ))}
    </ul>
  );
}
