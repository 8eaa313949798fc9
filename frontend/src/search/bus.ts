// Requests between parts of the chat that do not hold each other: "open the search (here)" and
// "show message seq N of conversation C". Plain listeners; React components subscribe in effects.
import { useEffect, useState } from 'react';
import type { SearchScope } from './types';

export interface JumpTarget {
  conversationId: string;
  /** The message's seq when known (search results), else its id (a reply quote not loaded). */
  seq?: number;
  messageId?: string;
  /** Distinguishes two jumps to the same message. */
  nonce: number;
}

type Listener<T> = (value: T) => void;

function channel<T>() {
  const listeners = new Set<Listener<T>>();
  return {
    emit(value: T) {
      for (const l of [...listeners]) l(value);
    },
    on(listener: Listener<T>) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

const searches = channel<SearchScope | null>();
const jumps = channel<JumpTarget>();
let lastJump: JumpTarget | null = null;
let nonce = 0;

/** Opens the search dialog, across all conversations (null) or within one. */
export function openSearch(scope: SearchScope | null): void {
  searches.emit(scope);
}

export function onOpenSearch(listener: Listener<SearchScope | null>): () => void {
  return searches.on(listener);
}

/** Asks the conversation view to show message `seq` (after navigating there, if need be). */
export function requestJump(conversationId: string, where: { seq?: number; messageId?: string }): JumpTarget {
  lastJump = { conversationId, seq: where.seq, messageId: where.messageId, nonce: ++nonce };
  jumps.emit(lastJump);
  return lastJump;
}

/** The latest jump asked for in `conversationId`, also one asked before the view mounted. */
export function useJumpTarget(conversationId: string): JumpTarget | null {
  const [target, setTarget] = useState<JumpTarget | null>(() =>
    lastJump && lastJump.conversationId === conversationId ? lastJump : null,
  );
  useEffect(() => {
    if (lastJump && lastJump.conversationId === conversationId) setTarget(lastJump);
    return jumps.on((jump) => {
      if (jump.conversationId === conversationId) setTarget(jump);
    });
  }, [conversationId]);
  return target;
}

/** Forgets a jump once it was shown, so reopening the conversation later starts at the newest. */
export function jumpShown(target: JumpTarget): void {
  if (lastJump?.nonce === target.nonce) lastJump = null;
}
