import { useMemo, useRef, useSyncExternalStore } from 'react';
import { AuthSession } from './api/session';
import type { User } from './api/types';
import { AuthScreen } from './ui/AuthScreen';
import { ChatApp } from './ui/ChatApp';

export function App() {
  const session = useMemo(() => new AuthSession(), []);
  const user = useSyncExternalStore(
    (l) => session.subscribe(l),
    () => session.user,
  );
  const expired = useSyncExternalStore(
    (l) => session.subscribe(l),
    () => session.isExpired,
  );
  // Keep the chat mounted while the session is renewed, so drafts and scroll position survive.
  const lastUser = useRef<User | null>(null);
  if (user) lastUser.current = user;
  const shown = user ?? (expired ? lastUser.current : null);

  if (!shown) return <AuthScreen session={session} expired={expired} />;
  return (
    <>
      <ChatApp key={shown.userId} session={session} me={shown} paused={!user} />
      {!user && <AuthScreen session={session} expired overlay />}
    </>
  );
}
