// The Search section of docs/api.md: GET /api/search/messages and the `around` history read.
import type { Message } from '../api/types';

/** A matched word: `body.slice(start, end)`, in UTF-16 code units (JavaScript string indexes). */
export interface SearchHighlight {
  start: number;
  end: number;
}

/** One result of GET /api/search/messages. */
export interface SearchHit {
  conversationId: string;
  conversationKind: 'group' | 'direct';
  conversationName: string | null;
  seq: number;
  messageId: string;
  senderId: string;
  senderName: string | null;
  createdAt: string;
  body: string;
  highlights: SearchHighlight[];
}

export interface SearchPage {
  items: SearchHit[];
  nextCursor: string | null;
}

/** GET /api/conversations/{id}/messages?around= */
export interface AroundPage {
  items: Message[];
  /** Pass as `before` for older messages; null at the start of the conversation. */
  nextCursor: string | null;
  /** Pass as `after` for newer messages; absent or null when the page holds the newest. */
  newerCursor?: string | null;
}

/** Where a search looks: everywhere I am a member, or one conversation. */
export interface SearchScope {
  conversationId: string;
  title: string;
}
