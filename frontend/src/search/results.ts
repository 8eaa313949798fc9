// The search dialog's results as a pure state machine: new searches, "load more" pages, and
// answers that arrive late (an answer to an older request is ignored).
import type { SearchHit, SearchPage } from './types';

export interface Results {
  query: string;
  conversationId: string | null;
  items: SearchHit[];
  nextCursor: string | null;
  status: 'idle' | 'loading' | 'done' | 'error';
  error: string | null;
  /** The request whose answer is awaited; earlier answers are stale. */
  request: number;
}

export const noResults: Results = { query: '', conversationId: null, items: [], nextCursor: null, status: 'idle', error: null, request: 0 };

export function started(state: Results, query: string, conversationId: string | null): Results {
  return { query: query.trim(), conversationId, items: [], nextCursor: null, status: 'loading', error: null, request: state.request + 1 };
}

export function loadingMore(state: Results): Results {
  if (!state.nextCursor || state.status === 'loading') return state;
  return { ...state, status: 'loading', error: null, request: state.request + 1 };
}

export function received(state: Results, request: number, page: SearchPage): Results {
  if (request !== state.request) return state;
  const seen = new Set(state.items.map((h) => `${h.conversationId}/${h.seq}`));
  const fresh = page.items.filter((h) => !seen.has(`${h.conversationId}/${h.seq}`));
  return { ...state, items: [...state.items, ...fresh], nextCursor: page.nextCursor, status: 'done', error: null };
}

export function failed(state: Results, request: number, error: string): Results {
  if (request !== state.request) return state;
  return { ...state, status: 'error', error };
}

export function summary(state: Results): string {
  if (state.status === 'loading') return 'Searching…';
  if (state.status === 'error') return state.error ?? 'Search failed.';
  if (state.status === 'idle') return '';
  if (state.items.length === 0) return 'No messages found.';
  const n = state.items.length;
  return `${n}${state.nextCursor ? '+' : ''} message${n === 1 ? '' : 's'} found.`;
}
