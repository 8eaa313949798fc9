import { describe, expect, it } from 'vitest';
import { cleanRanges, pieces, snippet } from './highlight';

const text = (ps: { text: string; match: boolean }[]) => ps.map((p) => (p.match ? `[${p.text}]` : p.text)).join('');

describe('highlight pieces', () => {
  it('cuts the body at the ranges, matched pieces marked', () => {
    expect(text(pieces('Hello world, hello again', [{ start: 0, end: 5 }, { start: 13, end: 18 }]))).toBe(
      '[Hello] world, [hello] again',
    );
  });

  it('never trusts ranges: out of bounds, reversed, overlapping and unsorted ones are cleaned', () => {
    expect(
      cleanRanges(10, [
        { start: 8, end: 40 },
        { start: 5, end: 3 },
        { start: -4, end: 2 },
        { start: 1, end: 4 },
        { start: 1.5, end: 3 },
      ]),
    ).toEqual([
      { start: 0, end: 4 },
      { start: 8, end: 10 },
    ]);
    expect(text(pieces('abc', [{ start: 7, end: 9 }]))).toBe('abc');
    expect(pieces('', [])).toEqual([{ text: '', match: false }]);
  });

  it('keeps markup in a body as text: the pieces are plain strings', () => {
    const body = '<img src=x onerror=alert(1)> hi';
    expect(pieces(body, [{ start: 29, end: 31 }]).map((p) => p.text).join('')).toBe(body);
  });

  it('shows a snippet around the first match with ellipses, ranges moved along', () => {
    const body = `${'a '.repeat(150)}needle ${'b '.repeat(150)}`;
    const start = body.indexOf('needle');
    const result = snippet(body, [{ start, end: start + 6 }], 60);
    const shown = text(result);
    expect(shown.startsWith('…')).toBe(true);
    expect(shown.endsWith('…')).toBe(true);
    expect(shown).toContain('[needle]');
    expect(shown.length).toBeLessThan(70);
  });

  it('puts a long message on one line and does not split an emoji', () => {
    const body = `line one\nline two ${'👍'.repeat(100)}`;
    const result = snippet(body, [{ start: 0, end: 4 }], 41);
    const joined = result.map((p) => p.text).join('');
    expect(joined).not.toContain('\n');
    expect(joined.endsWith('…')).toBe(true);
    // No lone surrogate: the cut fell before the pair.
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(joined)).toBe(false);
  });
});
