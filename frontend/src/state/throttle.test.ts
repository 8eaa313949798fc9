import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LatestThrottle } from './throttle';

describe('the latest-value throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends a quiet key at once, then the newest value once the interval is over', () => {
    const sent: [string, number][] = [];
    const throttle = new LatestThrottle(1_000, (key, value) => sent.push([key, value]));
    throttle.offer('a', 1);
    throttle.offer('a', 2);
    throttle.offer('a', 4);
    throttle.offer('a', 3);
    throttle.offer('b', 7);
    expect(sent).toEqual([['a', 1], ['b', 7]]);
    vi.advanceTimersByTime(999);
    expect(sent).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([['a', 1], ['b', 7], ['a', 4]]);
  });

  it('never sends a value again or one that moved back', () => {
    const sent: number[] = [];
    const throttle = new LatestThrottle(1_000, (_, value) => sent.push(value));
    throttle.offer('a', 5);
    vi.advanceTimersByTime(5_000);
    throttle.offer('a', 5);
    throttle.offer('a', 2);
    vi.advanceTimersByTime(5_000);
    expect(sent).toEqual([5]);
    throttle.offer('a', 6);
    expect(sent).toEqual([5, 6]);
  });
});
