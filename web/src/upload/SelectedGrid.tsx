import { SlidersHorizontal, X } from 'lucide-react';
import type { UploadOptions } from '../lib/upload-queue';
import type { Picked } from './FilePicker';
import { Thumb } from './Thumb';
import './selected-grid.css';

/** The chosen files: tap one to give it its own options, × to leave it out. */
export function SelectedGrid(props: {
  picked: Picked[];
  selected: string | null;
  custom: Record<string, UploadOptions>;
  onSelect: (key: string) => void;
  onRemove: (key: string) => void;
}) {
  return (
    <ul className="selected-grid">
      {props.picked.map(({ key, file }) => (
        <li key={key} className={`selected-tile${props.selected === key ? ' is-selected' : ''}`}>
          <button
            type="button"
            className="selected-tile-pick"
            aria-pressed={props.selected === key}
            aria-label={`${file.name}${props.custom[key] ? ', own options' : ''}`}
            onClick={() => props.onSelect(key)}
          >
            <Thumb file={file} className="selected-tile-thumb" />
            {props.custom[key] && (
              <span className="selected-tile-badge" aria-hidden>
                <SlidersHorizontal size={12} />
              </span>
            )}
          </button>
          <button
            type="button"
            className="selected-tile-remove"
            aria-label={`Remove ${file.name}`}
            onClick={() => props.onRemove(key)}
          >
            <X size={14} aria-hidden />
          </button>
        </li>
      ))}
    </ul>
  );
}
