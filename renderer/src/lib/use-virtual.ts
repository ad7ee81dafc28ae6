/** The thin React adapter over ./virtual: tracks a scroll container and says which rows to draw. */
import { useCallback, useLayoutEffect, useState, type RefObject } from 'react';
import { layout, scrollTopFor, type VirtualLayout } from './virtual';

export interface Virtual {
  layout: VirtualLayout;
  viewportHeight: number;
  scrollTop: number;
  scrollToIndex(index: number, align?: 'nearest' | 'start' | 'end'): void;
}

/**
 * `stickyHeader`: height of a sticky header inside the scroll container, above the rows; the
 * rows' viewport is the container less that header. `step`: see VirtualInput.step.
 */
export function useVirtual(ref: RefObject<HTMLElement | null>, count: number, rowHeight: number, overscan: number, stickyHeader = 0, step = 1): Virtual {
  // The previous scroll position too: a list moving by more than its overscan a frame draws only
  // the rows in view (VirtualInput.previousScrollTop).
  const [{ scrollTop, previousScrollTop }, setScroll] = useState({ scrollTop: 0, previousScrollTop: 0 });
  const [viewportHeight, setViewportHeight] = useState(0);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onScroll = () => setScroll((s) => (s.scrollTop === el.scrollTop ? s : { scrollTop: el.scrollTop, previousScrollTop: s.scrollTop }));
    const ro = new ResizeObserver(() => setViewportHeight(Math.max(0, el.clientHeight - stickyHeader)));
    ro.observe(el);
    setViewportHeight(Math.max(0, el.clientHeight - stickyHeader));
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener('scroll', onScroll);
    };
  }, [ref, stickyHeader]);

  const l = layout({ count, rowHeight, viewportHeight, scrollTop, overscan, step, previousScrollTop });

  const scrollToIndex = useCallback(
    (index: number, align: 'nearest' | 'start' | 'end' = 'nearest') => {
      const el = ref.current;
      if (!el) return;
      const top = scrollTopFor(index, { count, rowHeight, viewportHeight: el.clientHeight - stickyHeader, scrollTop: el.scrollTop, overscan }, align);
      if (Math.abs(top - el.scrollTop) >= 1) el.scrollTop = top;
    },
    [ref, count, rowHeight, overscan, stickyHeader],
  );

  return { layout: l, viewportHeight, scrollTop, scrollToIndex };
}
