// A small virtualizer for rows of varying height: rows are measured once rendered (ResizeObserver)
// and estimated until then; only rows near the viewport are mounted, so 10,000 messages cost
// the same to scroll as 50.
import { useCallback, useEffect, useMemo, useState, type RefObject } from 'react';

export interface VirtualRow {
  key: string;
  estimate: number;
}

/** Index of the first offset greater than `value` (offsets ascending). */
export function upperBound(offsets: number[], value: number): number {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Offsets of each row's top, plus the total height as the last entry. */
export function layoutOf(rows: VirtualRow[], heights: Map<string, number>): number[] {
  const offsets = new Array<number>(rows.length + 1);
  offsets[0] = 0;
  for (let i = 0; i < rows.length; i++) offsets[i + 1] = offsets[i] + (heights.get(rows[i].key) ?? rows[i].estimate);
  return offsets;
}

/** The rows to mount for a viewport: those overlapping it plus an overscan margin each side. */
export function visibleRange(offsets: number[], top: number, height: number, overscan: number): [number, number] {
  const count = offsets.length - 1;
  if (count <= 0) return [0, 0];
  const start = Math.max(0, upperBound(offsets, top - overscan) - 1);
  const end = Math.min(count, upperBound(offsets, top + height + overscan));
  return [start, Math.max(start, end)];
}

export function useVirtualList(rows: VirtualRow[], container: RefObject<HTMLElement | null>, overscan = 600) {
  const [heights] = useState(() => new Map<string, number>());
  const [version, setVersion] = useState(0);
  const [viewport, setViewport] = useState({ top: 0, height: 800 });

  const offsets = useMemo(() => layoutOf(rows, heights), [rows, heights, version]);
  const total = offsets[rows.length];
  const [start, end] = visibleRange(offsets, viewport.top, viewport.height, overscan);

  const observer = useMemo(() => {
    if (typeof ResizeObserver === 'undefined') return null;
    return new ResizeObserver((entries) => {
      let changed = false;
      for (const entry of entries) {
        const element = entry.target as HTMLElement;
        const key = element.dataset.key;
        const height = element.offsetHeight;
        if (key && height > 0 && heights.get(key) !== height) {
          heights.set(key, height);
          changed = true;
        }
      }
      if (changed) setVersion((v) => v + 1);
    });
  }, [heights]);

  useEffect(() => () => observer?.disconnect(), [observer]);

  const measure = useCallback(
    (element: HTMLElement | null) => {
      if (!element || !observer) return;
      observer.observe(element);
      return () => observer.unobserve(element);
    },
    [observer],
  );

  const sync = useCallback(() => {
    const el = container.current;
    if (el) setViewport((v) => (v.top === el.scrollTop && v.height === el.clientHeight ? v : { top: el.scrollTop, height: el.clientHeight }));
  }, [container]);

  return { offsets, total, start, end, measure, sync, viewportHeight: viewport.height };
}
