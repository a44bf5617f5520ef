import { X } from 'lucide-react';
import { type ReactNode, useId, useRef } from 'react';
import { useFocusTrap } from './useFocusTrap';
import './sheet.css';

/**
 * A modal bottom sheet over the viewer (who liked, the info on a phone): focus moves in and stays
 * there, Escape or the scrim closes it, focus returns to the button that opened it.
 */
export function Sheet(props: { title: string; onClose: () => void; children: ReactNode; testId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useFocusTrap(ref, { onEscape: props.onClose });
  return (
    <div className="viewer-sheet-layer">
      <button
        type="button"
        className="viewer-sheet-scrim"
        tabIndex={-1}
        aria-hidden
        onClick={props.onClose}
      />
      <div
        ref={ref}
        className="viewer-sheet"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        data-testid={props.testId}
      >
        <div className="viewer-sheet-handle" aria-hidden />
        <header className="viewer-sheet-header">
          <h2 id={titleId}>{props.title}</h2>
          <button
            type="button"
            className="icon-btn viewer-icon-btn"
            aria-label="Close"
            onClick={props.onClose}
          >
            <X size={20} aria-hidden />
          </button>
        </header>
        <div className="viewer-sheet-body">{props.children}</div>
      </div>
    </div>
  );
}
