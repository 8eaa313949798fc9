// Calls of the Search section of docs/api.md.
import type { Message } from '../api/types';
import type { AroundPage, SearchPage } from './types';

export const MAX_QUERY = 200;
export const RESULTS_PAGE = 20;

type Get = <T>(path: string) => Promise<T>;

export function searchPath(query: string, options: { conversationId?: string | null; cursor?: string | null; limit?: number } = {}): string {
  const params = new URLSearchParams({ query: query.trim(), limit: String(options.limit ?? RESULTS_PAGE) });
  if (options.conversationId) params.set('conversationId', options.conversationId);
  if (options.cursor) params.set('cursor', options.cursor);
  return `/api/search/messages?${params.toString()}`;
}

export function searchMessages(
  get: Get,
  query: string,
  options: { conversationId?: string | null; cursor?: string | null; limit?: number } = {},
): Promise<SearchPage> {
  return get<SearchPage>(searchPath(query, options));
}

/** Why a query cannot be sent as typed, or null when it can. */
export function queryProblem(query: string): string | null {
  const text = query.trim();
  if (text.length === 0) return 'Type something to search for.';
  if ([...text].length > MAX_QUERY) return `Searches are at most ${MAX_QUERY} characters.`;
  if (!/[\p{L}\p{N}]/u.test(text)) return 'Search for at least one word or number.';
  return null;
}

/**
 * The messages a jump to `seq` needs when the held timeline starts at `oldestHeld` (undefined when
 * nothing is held): the page around `seq`, then every message between it and the held ones, so the
 * timeline stays contiguous up to the newest. `hasOlder`: whether anything precedes them.
 */
export async function jumpPages(
  get: Get,
  conversationId: string,
  seq: number,
  oldestHeld: number | undefined,
  limit = 50,
): Promise<{ messages: Message[]; hasOlder: boolean }> {
  const base = `/api/conversations/${conversationId}/messages`;
  const page = await get<AroundPage>(`${base}?around=${seq}&limit=${limit}`);
  const messages = [...page.items];
  let after = messages[messages.length - 1]?.seq;
  while (oldestHeld !== undefined && after !== undefined && after < oldestHeld - 1) {
    const next = await get<{ items: Message[]; nextCursor: string | null }>(`${base}?after=${after}&limit=200`);
    if (next.items.length === 0) break;
    const fresh = next.items.filter((m) => m.seq < oldestHeld);
    messages.push(...fresh);
    after = next.items[next.items.length - 1].seq;
    if (fresh.length < next.items.length) break;
  }
  return { messages, hasOlder: page.nextCursor !== null };
}
