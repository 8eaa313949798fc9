import { describe, expect, it } from 'vitest';
import { failed, loadingMore, noResults, received, started, summary } from './results';
import type { SearchHit } from './types';

function hit(seq: number, conversationId = 'c1'): SearchHit {
  return {
    conversationId,
    conversationKind: 'group',
    conversationName: 'Team',
    seq,
    messageId: String(100 + seq),
    senderId: 'u1',
    senderName: 'Ann',
    createdAt: '2026-12-02T10:00:00Z',
    body: `hello ${seq}`,
    highlights: [{ start: 0, end: 5 }],
  };
}

describe('search results', () => {
  it('a new search starts empty and takes its answer', () => {
    const s = started(noResults, '  hello ', null);
    expect(s).toMatchObject({ query: 'hello', status: 'loading', items: [] });
    expect(summary(s)).toBe('Searching…');
    const done = received(s, s.request, { items: [hit(3), hit(2)], nextCursor: 'abc' });
    expect(done.items.map((h) => h.seq)).toEqual([3, 2]);
    expect(summary(done)).toBe('2+ messages found.');
  });

  it('load more appends the next page without duplicates', () => {
    let s = started(noResults, 'hello', 'c1');
    s = received(s, s.request, { items: [hit(3), hit(2)], nextCursor: 'abc' });
    s = loadingMore(s);
    expect(s.status).toBe('loading');
    expect(loadingMore(s)).toBe(s); // one page at a time
    s = received(s, s.request, { items: [hit(2), hit(1)], nextCursor: null });
    expect(s.items.map((h) => h.seq)).toEqual([3, 2, 1]);
    expect(s.conversationId).toBe('c1');
    expect(loadingMore(s)).toBe(s); // nothing more
    expect(summary(s)).toBe('3 messages found.');
  });

  it('ignores the answer to a search typed over', () => {
    const first = started(noResults, 'hel', null);
    const second = started(first, 'hello', null);
    expect(received(second, first.request, { items: [hit(9)], nextCursor: null })).toBe(second);
    expect(failed(second, first.request, 'boom')).toBe(second);
    const done = received(second, second.request, { items: [], nextCursor: null });
    expect(summary(done)).toBe('No messages found.');
    expect(summary(failed(second, second.request, 'Cannot search: query must hold at least one word'))).toContain('Cannot search');
  });
});
