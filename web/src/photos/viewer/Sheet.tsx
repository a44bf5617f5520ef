import { X } from 'lucide-react';
import { type ReactNode, type RefObject, useId, useRef } from 'react';
import { useFocusTrap } from './useFocusTrap';
import './sheet.css';

/**
 * A modal bottom sheet (who liked and the info over the viewer; find-me over a gallery): focus moves in and stays
 * there, Escape or the scrim closes it, focus returns to the button that opened it.
 */
export function Sheet(props: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  /** `app`: the app's own surface (a sheet over a screen of the app rather than over the dark viewer). */
  tone?: 'viewer' | 'app';
  /** What takes the focus on opening (the sheet itself otherwise). */
  initialFocus?: RefObject<HTMLElement | null>;
  /**
   * The photo stays in sight above the sheet (the info sheet on a phone, whose face boxes are drawn
   * on the photo): the sheet is lower and nothing dims the photo; a tap on it still closes the sheet.
   */
  beside?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useFocusTrap(ref, { onEscape: props.onClose, initial: props.initialFocus });
  return (
    <div className="viewer-sheet-layer" data-beside={props.beside ? '' : undefined}>
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
        data-tone={props.tone === 'app' ? 'app' : undefined}
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
