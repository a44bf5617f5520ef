import { type ReactNode, useEffect, useId, useRef } from 'react';
import './confirm-dialog.css';

/**
 * A modal question before something that cannot be undone. The native `<dialog>` traps focus,
 * closes on Escape and returns focus to where it was; the page only says open or closed.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  tone?: 'danger' | 'primary';
  onConfirm: () => void;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  return (
    <dialog ref={ref} className="confirm-dialog" aria-labelledby={titleId} onClose={props.onClose}>
      <h2 id={titleId}>{props.title}</h2>
      <div className="confirm-dialog-body">{props.children}</div>
      <div className="confirm-dialog-actions">
        <button type="button" className="btn btn-ghost" onClick={props.onClose}>
          Cancel
        </button>
        <button
          type="button"
          className={`btn ${props.tone === 'primary' ? 'btn-primary' : 'btn-danger'}`}
          disabled={props.busy}
          onClick={props.onConfirm}
        >
          {props.confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
