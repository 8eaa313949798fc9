import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { Http, publicPost } from '../api/http';
import type { AuthSession } from '../api/session';
import type { User } from '../api/types';
import { Gateway, gatewayUrl } from '../gateway/gateway';
import { FilesClient } from '../files/client';
import { ChatStore } from '../state/store';
import { DesktopNotifications, listenForWorkerClicks } from '../notifications/desktop';
import { ConversationView } from './ConversationView';
import { FilesContext } from './FilesContext';
import { ProfileDialog } from './ProfileDialog';
import { BrowseGroupsDialog, NewGroupDialog, PeopleDialog } from './Dialogs';
import { conversationIdOf, navigate, usePath } from './router';
import { Sidebar } from './Sidebar';
import { ActivityStore } from '../groups/activityStore';
import { GroupsApi, inviteCodeOf } from '../groups/api';
import { GroupsContext } from '../groups/GroupsContext';
import { InviteScreen } from '../groups/InviteScreen';
import { SearchDialog } from './SearchDialog';
import { onOpenSearch } from '../search/bus';
import type { SearchScope } from '../search/types';
import { Decryptions } from '../encryption/decryptions';
import { EncryptionContext, type Encryption } from '../encryption/EncryptionContext';
import { fromE2ee, lazyEncryption } from '../encryption/fromE2ee';
import { OwnKeyChangeNotice } from '../encryption/KeyChangeWarning';
import { unavailableReason } from '../encryption/service';

interface Props {
  session: AuthSession;
  me: User;
  paused: boolean;
}

export type DialogName = 'group' | 'people' | 'browse' | 'profile' | null;

export function ChatApp({ session, me, paused }: Props) {
  // One store per signed-in user: a change to my profile (an avatar) must not start the chat anew.
  const http = useMemo(() => new Http(session), [session]);
  const store = useMemo(() => new ChatStore(http, me), [http, me.userId]);
  const files = useMemo(() => new FilesClient(http, session), [http, session]);
  const notifications = useMemo(() => new DesktopNotifications(http), [http]);
  useEffect(() => listenForWorkerClicks((to) => navigate(to)), []);
  const groups = useMemo(() => {
    const api = new GroupsApi(http);
    return { api, activity: new ActivityStore(api) };
  }, [http]);
  useEffect(() => void notifications.resume(), [notifications]);
  const state = useSyncExternalStore(store.subscribe, store.getState);
  useEffect(() => () => files.clear(), [files]);
  const path = usePath();
  const activeId = conversationIdOf(path);
  const inviteCode = inviteCodeOf(path);
  const [dialog, setDialog] = useState<DialogName>(null);
  const [restoreFirst, setRestoreFirst] = useState(false);
  // End-to-end encryption for this user on this device, when the browser can do it (a secure
  // context with WebCrypto and IndexedDB); otherwise encrypted conversations say why they cannot
  // be read here.
  const encryption = useMemo<Encryption | null>(() => {
    if (unavailableReason()) return null;
    const service = lazyEncryption(async () => {
      const { createE2ee } = await import('../e2ee');
      return fromE2ee(createE2ee({ http, session }));
    });
    return {
      service,
      decryptions: new Decryptions((m) => service.decrypt(m)),
      openRestore: () => {
        setRestoreFirst(true);
        setDialog('profile');
      },
    };
  }, [http, session, me.userId]);
  store.encryption = encryption;
  useEffect(() => {
    if (paused || !encryption) return;
    encryption.service.ensureDevice().catch((error: unknown) => console.warn('End-to-end encryption: no device key', error));
  }, [paused, encryption]);
  const [search, setSearch] = useState<{ scope: SearchScope | null } | null>(null);
  useEffect(() => onOpenSearch((scope) => setSearch({ scope })), []);
  const get = useMemo(() => <T,>(path: string) => http.get<T>(path), [http]);

  useEffect(() => {
    if (paused) return;
    const gateway = new Gateway({
      url: gatewayUrl(),
      token: () => session.accessToken(),
      refresh: () => session.refresh(),
      onEvent: (event) => {
        store.handleEvent(event);
        // Another member's device keys changed: re-check them (a warning shows where they matter).
        if (event.type === 'keys.changed') void encryption?.service.keysChanged(event.data.userId).catch(() => undefined);
        notifications.onEvent(event, {
          me: () => store.getState().me.userId,
          entry: (id) => store.getState().inbox[id],
          senderName: async (id) =>
            store.getState().users[id]?.displayName ??
            (await http.get<{ user: User }>(`/api/users/${id}`)).user.displayName,
          navigate: (to) => navigate(to),
          hidden: () => document.visibilityState === 'hidden',
        });
        groups.activity.handleEvent(event);
        if (event.type === 'conversation.deleted' && conversationIdOf(location.pathname) === event.data.conversationId) navigate('/', true);
      },
      onResync: () => void store.resync(),
      onStatus: (status) => store.setStatus(status),
      onReady: () => store.subscribePresence(true),
    });
    store.sendFrame = (frame) => gateway.send(frame);
    gateway.start();
    void store.loadInbox().catch(() => undefined);
    // My profile as it is now (the stored session's copy may predate an avatar change). It is not
    // written back to the stored session: another tab may hold newer tokens there.
    void store.loadMe().catch(() => undefined);
    return () => {
      store.sendFrame = () => false;
      gateway.stop();
    };
  }, [paused, session, store, http, notifications, groups, encryption]);

  useEffect(() => {
    if (paused) return;
    if (activeId) void store.open(activeId).catch(() => undefined);
    else store.close();
  }, [activeId, paused, store]);

  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible' && store.getState().activeId) store.markRead(store.getState().activeId!);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [store]);

  useEffect(() => {
    const entry = activeId ? state.inbox[activeId] : undefined;
    const unread = Object.values(state.inbox).reduce((n, e) => n + e.unreadCount, 0);
    const base = entry?.conversation.name ?? 'Parley';
    document.title = unread > 0 ? `(${unread}) ${base}` : base;
  }, [activeId, state.inbox]);

  async function logOut() {
    await notifications.signOut().catch(() => undefined);
    // This device's private keys are forgotten here; its public key is revoked (docs/api.md).
    await encryption?.service.forgetDevice().catch(() => undefined);
    const refreshToken = session.signOut();
    if (refreshToken) await publicPost('/api/auth/logout', { refreshToken }).catch(() => undefined);
    navigate('/', true);
  }

  return (
    <EncryptionContext.Provider value={encryption}>
    <FilesContext.Provider value={files}>
    <GroupsContext.Provider value={groups}>
    <div className={activeId ? 'app has-conversation' : 'app'}>
      {state.status !== 'online' && !paused && (
        <p className={`connection ${state.status}`} role="status" aria-live="polite">
          {state.status === 'connecting' ? 'Connecting…' : state.status === 'reconnecting' ? 'Reconnecting…' : 'Offline'}
        </p>
      )}
      <Sidebar state={state} activeId={activeId} onDialog={setDialog} onLogOut={logOut} onLoadMore={() => store.loadMoreInbox()} />
      <main className="main" aria-label="Conversation">
        {encryption && !paused && <OwnKeyChangeNotice service={encryption.service} me={me.userId} onOpenProfile={() => setDialog('profile')} />}
        {inviteCode ? (
          <InviteScreen store={store} code={inviteCode} />
        ) : activeId ? (
          <ConversationView key={activeId} store={store} state={state} id={activeId} />
        ) : (
          <div className="empty">
            <h2>Welcome, {me.displayName}</h2>
            <p>Pick a conversation, find people to talk to, or start a group.</p>
          </div>
        )}
      </main>
      {dialog === 'group' && <NewGroupDialog store={store} onClose={() => setDialog(null)} />}
      {dialog === 'people' && <PeopleDialog store={store} onClose={() => setDialog(null)} />}
      {dialog === 'browse' && <BrowseGroupsDialog store={store} onClose={() => setDialog(null)} />}
      {search && <SearchDialog get={get} scope={search.scope} onClose={() => setSearch(null)} />}
      {dialog === 'profile' && (
        <ProfileDialog
          store={store}
          files={files}
          http={http}
          notifications={notifications}
          me={state.me}
          encryption={encryption}
          restoreFirst={restoreFirst}
          onClose={() => {
            setDialog(null);
            setRestoreFirst(false);
          }}
          onDeleted={() => {
            session.signOut(); // the server ended every session; forget the tokens here too
            navigate('/', true);
          }}
        />
      )}
    </div>
    </GroupsContext.Provider>
    </FilesContext.Provider>
    </EncryptionContext.Provider>
  );
}
