import { type RefObject, useLayoutEffect, useState } from 'react';

/**
 * The content width of an element and its top edge in the document, kept up to date as the window or
 * whatever sits above it (a header that grows) changes size. The virtualizer needs both: the
 * width to lay tiles out, the top as its scroll margin against the window.
 */
export function useElementGeometry(ref: RefObject<HTMLElement | null>) {
  const [geometry, setGeometry] = useState({ width: 0, top: 0 });
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      const padding = Number.parseFloat(style.paddingLeft) + Number.parseFloat(style.paddingRight);
      const next = {
        width: Math.floor(box.width - (padding || 0)),
        top: Math.round(box.top + window.scrollY + (Number.parseFloat(style.paddingTop) || 0)),
      };
      setGeometry((old) => (old.width === next.width && old.top === next.top ? old : next));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    // A change above the grid moves it without resizing it: watch the page's body too.
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [ref]);
  return geometry;
}
