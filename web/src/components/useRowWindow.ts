import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';

export interface RowWindow {
  /** The scrolling container; give it tabIndex 0 and a name so keyboards can scroll it too. */
  ref: RefObject<HTMLDivElement | null>;
  onScroll: () => void;
  /** Whether rows are windowed at all (short lists are rendered whole). */
  windowed: boolean;
  /** The rows to render: [first, last). */
  first: number;
  last: number;
  /** Space, in pixels, standing in for the rows above and below the window. */
  before: number;
  after: number;
}

/**
 * A window over a long list of table rows: only the rows in view (and a margin) are in the DOM, with
 * spacers for the rest, so a table of thousands of rows stays quick. Rows are taken to be about
 * `rowHeight` tall; a link tabbed to near the window's edge scrolls into view and moves the window.
 */
export function useRowWindow(
  count: number,
  options: { rowHeight: number; threshold?: number; overscan?: number },
): RowWindow {
  const ref = useRef<HTMLDivElement | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const threshold = options.threshold ?? 200;
  const overscan = options.overscan ?? 20;
  const onScroll = useCallback(() => setScrollTop(ref.current?.scrollTop ?? 0), []);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    setHeight(element.clientHeight || 600);
    const observer = new ResizeObserver(() => setHeight(element.clientHeight || 600));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  if (count <= threshold) {
    return { ref, onScroll, windowed: false, first: 0, last: count, before: 0, after: 0 };
  }
  const first = Math.max(0, Math.floor(scrollTop / options.rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + height) / options.rowHeight) + overscan);
  return {
    ref,
    onScroll,
    windowed: true,
    first,
    last,
    before: first * options.rowHeight,
    after: (count - last) * options.rowHeight,
  };
}
