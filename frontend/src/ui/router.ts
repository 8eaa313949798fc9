import { useSyncExternalStore } from 'react';

const EVENT = 'parley:navigate';

export function navigate(path: string, replace = false): void {
  if (location.pathname === path) return;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.dispatchEvent(new Event(EVENT));
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(EVENT, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(EVENT, listener);
  };
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => location.pathname);
}

/** `/c/<uuid>` opens a conversation; anything else is the inbox. */
export function conversationIdOf(path: string): string | null {
  const match = path.match(/^\/c\/([0-9a-fA-F-]{36})\/?$/);
  return match ? match[1].toLowerCase() : null;
}
