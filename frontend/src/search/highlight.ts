// Turns a body and its highlight ranges into plain text pieces; nothing here produces markup.
import type { SearchHighlight } from './types';

export interface Piece {
  text: string;
  match: boolean;
}

/**
 * Ranges that fit the text, ascending and not overlapping; anything else the server might send
 * (out of bounds, reversed, overlapping) is dropped or clipped rather than trusted.
 */
export function cleanRanges(length: number, ranges: SearchHighlight[]): SearchHighlight[] {
  const sorted = ranges
    .filter((r) => Number.isInteger(r.start) && Number.isInteger(r.end))
    .map((r) => ({ start: Math.max(0, r.start), end: Math.min(length, r.end) }))
    .filter((r) => r.start < r.end)
    .sort((a, b) => a.start - b.start);
  const out: SearchHighlight[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start < last.end) {
      if (r.end > last.end) last.end = r.end;
    } else out.push({ ...r });
  }
  return out;
}

/** The whole text, cut into matched and unmatched pieces. */
export function pieces(text: string, ranges: SearchHighlight[]): Piece[] {
  const out: Piece[] = [];
  let at = 0;
  for (const r of cleanRanges(text.length, ranges)) {
    if (r.start > at) out.push({ text: text.slice(at, r.start), match: false });
    out.push({ text: text.slice(r.start, r.end), match: true });
    at = r.end;
  }
  if (at < text.length || out.length === 0) out.push({ text: text.slice(at), match: false });
  return out;
}

/** Does not cut a surrogate pair in two. */
function safeCut(text: string, index: number): number {
  if (index <= 0 || index >= text.length) return Math.max(0, Math.min(text.length, index));
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff ? index - 1 : index;
}

/**
 * A snippet of at most about `max` characters around the first match, with an ellipsis where text
 * was left out, and the ranges moved with it. Line breaks become spaces (a result is one line).
 */
export function snippet(text: string, ranges: SearchHighlight[], max = 160): Piece[] {
  const clean = cleanRanges(text.length, ranges);
  const flat = text.replace(/[\r\n\t]/g, ' ');
  if (flat.length <= max) return pieces(flat, clean);
  const first = clean[0];
  let start = first ? Math.max(0, first.start - Math.floor(max / 3)) : 0;
  start = safeCut(flat, start);
  const end = safeCut(flat, Math.min(flat.length, start + max));
  const cut = flat.slice(start, end);
  const moved = clean
    .map((r) => ({ start: r.start - start, end: Math.min(r.end, end) - start }))
    .filter((r) => r.start >= 0 && r.end > r.start);
  const out = pieces(cut, moved);
  if (start > 0) out.unshift({ text: '…', match: false });
  if (end < flat.length) out.push({ text: '…', match: false });
  return out;
}
