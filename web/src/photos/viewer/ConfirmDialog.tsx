import { useId, useRef } from 'react';
import { useFocusTrap } from './useFocusTrap';
import './sheet.css';

/**
 * "Delete this photo?": an alert dialog, focus on Cancel (the safe choice), trapped until
 * answered; Escape cancels.
 */
export function ConfirmDialog(props: {
  title: string;
  body: string;
  confirmLabel: string;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useFocusTrap(ref, { onEscape: props.onCancel, initial: cancel });
  return (
    <div className="viewer-sheet-layer viewer-dialog-layer">
      <button
        type="button"
        className="viewer-sheet-scrim"
        tabIndex={-1}
        aria-hidden
        onClick={props.onCancel}
      />
      <div
        ref={ref}
        className="viewer-dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={bodyId}
      >
        <h2 id={titleId}>{props.title}</h2>
        <p id={bodyId}>{props.body}</p>
        <div className="viewer-dialog-actions">
          <button ref={cancel} type="button" className="btn viewer-btn-quiet" onClick={props.onCancel}>
            Cancel
          </button>
          <button type="button" className="btn btn-danger" disabled={props.busy} onClick={props.onConfirm}>
            {props.busy ? 'Deleting…' : props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
