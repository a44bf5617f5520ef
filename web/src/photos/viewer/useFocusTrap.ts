import { type RefObject, useEffect, useRef } from 'react';

/**
 * Keeps Tab inside a container while it is open (the viewer, then any sheet or dialog over it),
 * moves focus into it on opening and back where it was on closing. Traps stack: only the newest
 * one handles Tab and Escape, so a dialog over the viewer closes alone.
 */
const stack: HTMLElement[] = [];

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex="-1"])';

export function useFocusTrap(
  ref: RefObject<HTMLElement | null>,
  options: { onEscape?: () => void; initial?: RefObject<HTMLElement | null>; active?: boolean } = {},
) {
  const { initial, active = true } = options;
  // The latest callback, without re-running the trap (which would move focus) on every render.
  const onEscape = useRef(options.onEscape);
  onEscape.current = options.onEscape;
  useEffect(() => {
    const root = ref.current;
    if (!root || !active) return;
    const before = document.activeElement as HTMLElement | null;
    stack.push(root);
    (initial?.current ?? root).focus({ preventScroll: true });

    const onKey = (event: KeyboardEvent) => {
      if (stack.at(-1) !== root) return;
      if (event.key === 'Escape' && onEscape.current) {
        event.preventDefault();
        event.stopImmediatePropagation();
        onEscape.current();
        return;
      }
      if (event.key !== 'Tab') return;
      const items = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
        (el) => el.offsetParent !== null || el === document.activeElement,
      );
      const first = items[0];
      const last = items.at(-1);
      if (!first || !last) {
        event.preventDefault();
        root.focus();
      } else if (event.shiftKey && (document.activeElement === first || document.activeElement === root)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      } else if (!root.contains(document.activeElement)) {
        event.preventDefault();
        first.focus();
      }
    };
    // Capture: the trap decides before the viewer's own shortcuts see the key.
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      stack.splice(stack.indexOf(root), 1);
      if (before && document.contains(before)) before.focus({ preventScroll: true });
    };
  }, [ref, initial, active]);
}

/** Whether a trap other than the viewer's own is open (a sheet or dialog over it). */
export const trapsOpen = () => stack.length;
