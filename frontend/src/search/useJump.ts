// Carries out jumps asked for in one conversation: makes the message held, then hands its seq to
// the message list, which scrolls to it and highlights it.
import { useEffect, useState } from 'react';
import type { ChatStore } from '../state/store';
import { jumpShown, useJumpTarget } from './bus';

export interface Focus {
  seq: number;
  nonce: number;
}

/** How many older pages a jump to a quoted message (known by id only) may load while looking. */
const MAX_PAGES_BACK = 100;

async function seqOfMessage(store: ChatStore, id: string, messageId: string): Promise<number | null> {
  await store.ensureLoaded(id);
  for (let i = 0; i <= MAX_PAGES_BACK; i++) {
    const timeline = store.getState().timelines[id];
    const found = timeline?.messages.find((m) => m.messageId === messageId);
    if (found) return found.seq;
    if (!timeline?.hasOlder) return null;
    await store.loadOlder(id);
  }
  return null;
}

export function useJump(store: ChatStore, id: string): Focus | null {
  const target = useJumpTarget(id);
  const [focus, setFocus] = useState<Focus | null>(null);
  useEffect(() => {
    if (!target) return;
    let cancelled = false;
    void (async () => {
      const seq = target.seq ?? (target.messageId ? await seqOfMessage(store, id, target.messageId) : null);
      if (seq === null || cancelled) return;
      const held = await store.loadAround(id, seq);
      if (!cancelled && held) {
        setFocus({ seq, nonce: target.nonce });
        jumpShown(target);
      }
    })().catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [target, id, store]);
  return focus;
}
