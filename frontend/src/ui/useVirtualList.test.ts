import { describe, expect, it } from 'vitest';
import { layoutOf, upperBound, visibleRange } from './useVirtualList';

const rows = Array.from({ length: 10_000 }, (_, i) => ({ key: `m-${i}`, estimate: 50 }));

describe('the virtualizer', () => {
  it('lays rows out with measured heights where known and estimates elsewhere', () => {
    const offsets = layoutOf(rows.slice(0, 3), new Map([['m-1', 120]]));
    expect(offsets).toEqual([0, 50, 170, 220]);
  });

  it('mounts only the rows near the viewport of a very long list', () => {
    const offsets = layoutOf(rows, new Map());
    const [start, end] = visibleRange(offsets, 250_000, 800, 200);
    expect(start).toBe(4996);
    expect(end).toBe(5021);
    expect(end - start).toBeLessThan(40);
  });

  it('finds the row under an offset by binary search', () => {
    expect(upperBound([0, 50, 100, 150], 0)).toBe(1);
    expect(upperBound([0, 50, 100, 150], 75)).toBe(2);
  });

  it('handles an empty list', () => {
    expect(visibleRange([0], 0, 800, 100)).toEqual([0, 0]);
  });
});
