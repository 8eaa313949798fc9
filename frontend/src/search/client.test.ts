import { describe, expect, it } from 'vitest';
import { message } from '../state/fixtures';
import type { Message } from '../api/types';
import { jumpPages, queryProblem, searchPath } from './client';

/** A fake server holding messages 1..last, answering around/after like the API. */
function server(last: number) {
  const calls: string[] = [];
  const all: Message[] = Array.from({ length: last }, (_, i) => message(i + 1));
  const get = async <T,>(path: string): Promise<T> => {
    calls.push(path);
    const url = new URL(path, 'http://x');
    const limit = Number(url.searchParams.get('limit'));
    const around = url.searchParams.get('around');
    if (around) {
      const seq = Number(around);
      const older = all.filter((m) => m.seq <= seq).slice(-Math.ceil(limit / 2));
      const from = older[older.length - 1]?.seq ?? seq;
      const newer = all.filter((m) => m.seq > from).slice(0, limit - older.length);
      const items = [...older, ...newer];
      return { items, nextCursor: items[0].seq > 1 ? String(items[0].seq) : null } as T;
    }
    const after = Number(url.searchParams.get('after'));
    const items = all.filter((m) => m.seq > after).slice(0, limit);
    return { items, nextCursor: null } as T;
  };
  return { get, calls };
}

describe('search client', () => {
  it('builds the search URL with every parameter encoded', () => {
    expect(searchPath(' a&b=c #x ', { conversationId: 'c1', cursor: 'q+/=', limit: 5 })).toBe(
      '/api/search/messages?query=a%26b%3Dc+%23x&limit=5&conversationId=c1&cursor=q%2B%2F%3D',
    );
    expect(searchPath('hi')).toBe('/api/search/messages?query=hi&limit=20');
  });

  it('refuses what the server would refuse before asking it', () => {
    expect(queryProblem('   ')).not.toBeNull();
    expect(queryProblem('&|!():*')).not.toBeNull();
    expect(queryProblem('x'.repeat(201))).not.toBeNull();
    expect(queryProblem('👍'.repeat(200))).not.toBeNull(); // no word
    expect(queryProblem('é'.repeat(200))).toBeNull(); // 200 characters, not 200 code units
    expect(queryProblem('привет')).toBeNull();
  });

  it('a jump loads the page around the message and everything up to what is held', async () => {
    const { get, calls } = server(500);
    const { messages, hasOlder } = await jumpPages(get, 'c', 40, 451, 10);
    const seqs = messages.map((m) => m.seq);
    expect(seqs[0]).toBe(36);
    expect(seqs[seqs.length - 1]).toBe(450);
    expect(seqs).toEqual(Array.from({ length: 415 }, (_, i) => 36 + i)); // contiguous, no overlap
    expect(hasOlder).toBe(true);
    expect(calls[0]).toBe('/api/conversations/c/messages?around=40&limit=10');
  });

  it('a jump to the start of a conversation has nothing older', async () => {
    const { get } = server(30);
    const { messages, hasOlder } = await jumpPages(get, 'c', 1, 21, 10);
    expect(messages.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(hasOlder).toBe(false);
  });
});
