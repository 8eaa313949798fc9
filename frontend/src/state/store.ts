// The client's state: inbox, timelines, people, receipts and typing, updated from REST answers
// and gateway events. Pure rules live in timeline.ts and inbox.ts; this class does the I/O.
import { Http, ProblemError, isMissingRoute } from '../api/http';
import { jumpPages } from '../search/client';
import { SessionExpiredError } from '../api/session';
import type {
  Attachment,
  Conversation,
  ConversationDetails,
  ConversationDetailsResponse,
  GatewayEvent,
  Member,
  Message,
  NotificationLevel,
  Page,
  Presence,
  Role,
  User,
} from '../api/types';
import type { ConnectionStatus } from '../gateway/gateway';
import type { Decryptions } from '../encryption/decryptions';
import { EncryptionProblem, isKeySetChanged, type EncryptionService } from '../encryption/service';
import { newId } from './ids';
import { LatestThrottle } from './throttle';
import { applyMessage, applyMyRead, entryFor, forgetMention, normaliseInboxItem, type InboxEntry } from './inbox';
import {
  applyLiveMessage,
  firstGap,
  confirmSend,
  emptyTimeline,
  failSend,
  maxSeq,
  mergeMessages,
  prependPage,
  retrySend,
  type PendingMessage,
  type Timeline,
} from './timeline';

export interface Receipts {
  read: Record<string, number>;
  delivered: Record<string, number>;
}

/** Merges the markers of a conversation view into what live events already showed (max wins). */
export function seedReceipts(
  current: Receipts | undefined,
  view: Pick<ConversationDetailsResponse, 'readMarkers' | 'deliveredMarkers'>,
  me: string,
): Receipts {
  const merge = (known: Record<string, number>, markers: { userId: string; seq: number }[] | undefined) => {
    const result = { ...known };
    for (const { userId, seq } of markers ?? []) {
      if (userId !== me && seq > (result[userId] ?? 0)) result[userId] = seq;
    }
    return result;
  };
  const base = current ?? { read: {}, delivered: {} };
  return { read: merge(base.read, view.readMarkers), delivered: merge(base.delivered, view.deliveredMarkers) };
}

export interface ChatState {
  me: User;
  status: ConnectionStatus;
  inbox: Record<string, InboxEntry>;
  inboxLoaded: boolean;
  timelines: Record<string, Timeline>;
  details: Record<string, ConversationDetails>;
  users: Record<string, User>;
  presence: Record<string, Presence>;
  typing: Record<string, Record<string, number>>;
  receipts: Record<string, Receipts>;
  activeId: string | null;
  myReactions: Record<string, true>;
  /** Where the inbox's next page starts; null when every conversation is loaded. */
  inboxNextCursor: string | null;
  /** Per conversation, where its members list's next page starts (null: all loaded). */
  membersNextCursor: Record<string, string | null>;
}

const PAGE = 50;
const INBOX_PAGE = 200;
const MEMBERS_PAGE = 200;
const TYPING_TTL_MS = 6_000;
/** A conversation's delivery acks and read markers: the first at once, then at most one per interval (docs/adr/0222). */
export const ACK_INTERVAL_MS = 1_000;
export const READ_INTERVAL_MS = 1_000;

export type GatewaySender = (frame: import('../api/types').ClientFrame) => boolean;

export class ChatStore {
  private state: ChatState;
  private listeners = new Set<() => void>();
  private userRequests = new Set<string>();
  private lastTypingSent = 0;
  /** Delivery acks: a busy conversation's messages cost one a second, not one each. */
  private acks = new LatestThrottle(ACK_INTERVAL_MS, (id, seq) => this.sendFrame({ op: 'ack', conversationId: id, seq }));
  /** Read markers while a busy conversation is on screen: one PUT a second, not one per message. */
  private reads = new LatestThrottle(READ_INTERVAL_MS, (id, seq) =>
    this.http.put(`/api/conversations/${id}/read`, { seq }).catch(() => undefined),
  );
  /** Reactions this device changed and showed, by `messageId:emoji`, until the server's echo. */
  private awaitingEcho: Record<string, boolean> = {};
  /** False against a server without GET /api/conversations: resync then checks every timeline. */
  private inboxServed = false;
  private sendQueues = new Map<string, Promise<void>>();
  /** Scales the wait before a refused send is retried (tests make it short). */
  retryDelayScale = 1;
  sendFrame: GatewaySender = () => false;
  /**
   * End-to-end encryption (src/encryption), set by the app when the browser can do it. Without it
   * an encrypted conversation can be read as "cannot decrypt" only and nothing can be sent there.
   */
  encryption: { service: EncryptionService; decryptions: Decryptions } | null = null;

  constructor(
    private readonly http: Http,
    me: User,
  ) {
    this.state = {
      me,
      status: 'connecting',
      inbox: {},
      inboxLoaded: false,
      timelines: {},
      details: {},
      users: { [me.userId]: me },
      presence: {},
      typing: {},
      receipts: {},
      activeId: null,
      myReactions: {},
      inboxNextCursor: null,
      membersNextCursor: {},
    };
  }

  getState = (): ChatState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(update: Partial<ChatState>): void {
    this.state = { ...this.state, ...update };
    for (const listener of this.listeners) listener();
  }

  private setTimeline(id: string, change: (t: Timeline) => Timeline): void {
    const current = this.state.timelines[id] ?? emptyTimeline;
    const next = change(current);
    if (next !== current) this.set({ timelines: { ...this.state.timelines, [id]: next } });
  }

  private setEntry(id: string, change: (e: InboxEntry) => InboxEntry): void {
    const current = this.state.inbox[id] ?? entryFor(placeholder(id));
    const next = change(current);
    if (next !== this.state.inbox[id]) this.set({ inbox: { ...this.state.inbox, [id]: next } });
  }

  private presenceKey = '';

  /** Asks for presence of the people on screen: direct-conversation peers and the open group's members. */
  subscribePresence(force = false): void {
    const ids = new Set<string>();
    for (const e of Object.values(this.state.inbox)) if (e.peer) ids.add(e.peer.userId);
    const open = this.state.activeId ? this.state.details[this.state.activeId] : undefined;
    for (const m of open?.members ?? []) ids.add(m.user.userId);
    ids.delete(this.state.me.userId);
    const userIds = [...ids].sort().slice(0, 200);
    const key = userIds.join(',');
    if (userIds.length === 0 || (key === this.presenceKey && !force)) return;
    if (this.sendFrame({ op: 'presence_subscribe', userIds })) this.presenceKey = key;
  }

  setStatus(status: ConnectionStatus): void {
    this.set({ status });
  }

  rememberUsers(users: User[]): void {
    if (users.length === 0) return;
    const next = { ...this.state.users };
    for (const u of users) next[u.userId] = u;
    const mine = users.find((u) => u.userId === this.state.me.userId);
    this.set(mine ? { users: next, me: mine } : { users: next });
  }

  /**
   * A user changed (name, avatar): everywhere they are shown — the people known, member lists and
   * direct-conversation peers — shows the change.
   */
  applyUser(user: User): void {
    this.rememberUsers([user]);
    const details = { ...this.state.details };
    let detailsChanged = false;
    for (const [id, d] of Object.entries(details)) {
      if (!d.members.some((m) => m.user.userId === user.userId)) continue;
      details[id] = { ...d, members: d.members.map((m) => (m.user.userId === user.userId ? { ...m, user } : m)) };
      detailsChanged = true;
    }
    const inbox = { ...this.state.inbox };
    let inboxChanged = false;
    for (const [id, e] of Object.entries(inbox)) {
      if (e.peer?.userId !== user.userId) continue;
      inbox[id] = { ...e, peer: user };
      inboxChanged = true;
    }
    if (detailsChanged || inboxChanged) this.set({ ...(detailsChanged ? { details } : {}), ...(inboxChanged ? { inbox } : {}) });
  }

  /** A conversation changed (name, topic, picture), as the server answered or pushed it. */
  applyConversation(conversation: Conversation): void {
    this.addConversation(conversation);
    const id = conversation.conversationId;
    if (this.state.details[id]) {
      this.set({ details: { ...this.state.details, [id]: { ...this.state.details[id], conversation } } });
    }
  }

  /** My own profile as the server has it now (an avatar changed on another device shows here). */
  async loadMe(): Promise<void> {
    const { user } = await this.http.get<{ user: User }>('/api/me');
    this.rememberUsers([user]);
  }

  // ---- inbox ----

  async loadInbox(cursor: string | null = null): Promise<void> {
    try {
      const after = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = await this.http.get<Page<unknown>>(`/api/conversations?limit=${INBOX_PAGE}${after}`);
      const inbox = { ...this.state.inbox };
      for (const raw of page.items) {
        const entry = normaliseInboxItem(raw);
        inbox[entry.conversation.conversationId] = entry;
      }
      this.inboxServed = true;
      // a resync reloads the first page and keeps how far the user had scrolled
      const inboxNextCursor = cursor || !this.state.inboxNextCursor || !page.nextCursor ? page.nextCursor : this.state.inboxNextCursor;
      this.set({ inbox, inboxLoaded: true, inboxNextCursor: inboxNextCursor ?? null });
      this.subscribePresence();
      this.rememberUsers(page.items.map((raw) => normaliseInboxItem(raw).peer).filter((u): u is User => !!u));
    } catch (error) {
      if (!isMissingRoute(error)) throw error;
      this.set({ inboxLoaded: true }); // an older server: the inbox fills from live events
    }
  }

  /** The inbox's next page, after what is loaded (the "Load more" under the list). */
  async loadMoreInbox(): Promise<void> {
    const cursor = this.state.inboxNextCursor;
    if (cursor) await this.loadInbox(cursor);
  }

  addConversation(conversation: Conversation, peer: User | null = null): void {
    const existing = this.state.inbox[conversation.conversationId];
    this.set({
      inbox: {
        ...this.state.inbox,
        [conversation.conversationId]: existing
          ? { ...existing, conversation: { ...existing.conversation, ...conversation }, peer: peer ?? existing.peer }
          : entryFor(conversation, peer),
      },
    });
    if (peer) this.rememberUsers([peer]);
  }

  // ---- a conversation ----

  async open(id: string): Promise<void> {
    this.set({ activeId: id });
    if (!this.state.inbox[id]) this.setEntry(id, (e) => e);
    const details = this.withRetry(() => this.loadDetails(id));
    // Read as soon as the messages show: the details (members, receipts) may take longer, and a
    // reply sent meanwhile would make the read look done here without the server announcing it.
    await Promise.allSettled([this.ensureLoaded(id)]);
    this.markRead(id);
    await Promise.allSettled([details]);
    this.markRead(id);
  }

  close(): void {
    this.set({ activeId: null });
  }

  async loadDetails(id: string): Promise<void> {
    try {
      const response = await this.http.get<ConversationDetailsResponse>(`/api/conversations/${id}`);
      const members = this.normaliseMembers(response.members?.items ?? []);
      const details = { ...response, readSeq: response.readSeq ?? 0 };
      const myRole = details.myRole ?? members.find((m) => m.user.userId === this.state.me.userId)?.role ?? null;
      this.set({ details: { ...this.state.details, [id]: { ...details, members, myRole } } });
      this.rememberUsers(members.map((m) => m.user));
      const peer =
        details.conversation.kind === 'direct'
          ? (members.find((m) => m.user.userId !== this.state.me.userId)?.user ?? null)
          : null;
      this.addConversation(details.conversation, peer);
      this.seedReceipts(id, response);
      if (typeof details.readSeq === 'number') this.setEntry(id, (e) => applyMyRead(e, details.readSeq));
      const level = response.notificationLevel;
      if (level) this.setEntry(id, (e) => (e.notificationLevel === level ? e : { ...e, notificationLevel: level }));
      this.subscribePresence();
    } catch (error) {
      if (!isMissingRoute(error)) throw error;
    }
  }

  /** Receipts as the server knows them after a reload; a marker only ever moves forward. */
  private seedReceipts(id: string, response: ConversationDetailsResponse): void {
    if (!response.readMarkers && !response.deliveredMarkers) return;
    const me = this.state.me.userId;
    const next = seedReceipts(this.state.receipts[id], response, me);
    this.set({ receipts: { ...this.state.receipts, [id]: next } });
  }

  async loadMembers(id: string, more = false): Promise<void> {
    const cursor = more ? this.state.membersNextCursor[id] : null;
    if (more && !cursor) return;
    const after = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = await this.http.get<Page<unknown>>(`/api/conversations/${id}/members?limit=${MEMBERS_PAGE}${after}`);
    const loaded = this.normaliseMembers(page.items);
    const current = this.state.details[id];
    const members = more && current ? [...current.members.filter((m) => !loaded.some((l) => l.user.userId === m.user.userId)), ...loaded] : loaded;
    this.rememberUsers(loaded.map((m) => m.user));
    this.set({
      membersNextCursor: { ...this.state.membersNextCursor, [id]: page.nextCursor ?? null },
      details: {
        ...this.state.details,
        [id]: {
          ...(current ?? { conversation: this.state.inbox[id]?.conversation ?? placeholder(id), readSeq: 0 }),
          members,
          // My role as the member list shows it: it is the freshest after a role change.
          myRole: members.find((m) => m.user.userId === this.state.me.userId)?.role ?? current?.myRole ?? null,
        },
      },
    });
  }

  /** Members arrive as `{user, role}` or as flattened `{userId, displayName?, role}` rows. */
  private normaliseMembers(items: unknown[]): Member[] {
    return items.map((raw) => {
      const m = raw as Partial<Member> & Partial<User> & { role: Role };
      if (m.user) return { user: m.user, role: m.role };
      const known = this.state.users[m.userId!];
      const user: User = m.displayName
        ? {
            userId: m.userId!,
            username: m.username ?? '',
            displayName: m.displayName,
            createdAt: m.createdAt ?? '',
            avatarId: m.avatarId ?? null,
          }
        : (known ?? unknownUser(m.userId!));
      if (!m.displayName && !known) this.noteUser(m.userId!);
      return { user, role: m.role };
    });
  }

  private loading = new Map<string, Promise<void>>();

  private async withRetry(task: () => Promise<void>, attempts = 6): Promise<void> {
    for (let i = 0; ; i++) {
      try {
        return await task();
      } catch (error) {
        if (i >= attempts || error instanceof SessionExpiredError) throw error;
        await new Promise((r) => setTimeout(r, 250 * 2 ** i));
      }
    }
  }

  /**
   * Loads the newest page once, retrying for a while: right after a group is created or a member
   * added, the read side may not know the membership yet and answers 404 for a moment.
   */
  ensureLoaded(id: string): Promise<void> {
    if (this.state.timelines[id]?.loaded) return Promise.resolve();
    const running = this.loading.get(id);
    if (running) return running;
    const attempt = async () => {
      for (let i = 0; ; i++) {
        try {
          await this.loadLatest(id);
          return;
        } catch (error) {
          if (i >= 6 || error instanceof SessionExpiredError) throw error;
          await new Promise((r) => setTimeout(r, 250 * 2 ** i));
        }
      }
    };
    const task = attempt().finally(() => this.loading.delete(id));
    this.loading.set(id, task);
    return task;
  }

  async loadLatest(id: string): Promise<void> {
    const page = await this.http.get<Page<Message>>(`/api/conversations/${id}/messages?limit=${PAGE}`);
    this.setTimeline(id, (t) => {
      const messages = mergeMessages(t.messages, page.items);
      return { ...t, messages, loaded: true, hasOlder: page.nextCursor !== null && (messages[0]?.seq ?? 1) > 1 };
    });
    this.noteSenders(page.items);
    const newest = page.items[page.items.length - 1];
    if (newest) this.setEntry(id, (e) => applyMessage(e, newest, this.state.me.userId, this.isViewing(id)));
    // Messages that arrived while the page was on its way may stand apart from it: fill between.
    const held = this.state.timelines[id]?.messages ?? [];
    const gap = firstGap(held);
    if (gap !== null) await this.fillAfter(id, gap, held[held.length - 1].seq);
  }

  async loadOlder(id: string): Promise<void> {
    const timeline = this.state.timelines[id];
    if (!timeline?.loaded || !timeline.hasOlder || timeline.messages.length === 0) return;
    const before = timeline.messages[0].seq;
    const page = await this.http.get<Page<Message>>(
      `/api/conversations/${id}/messages?before=${before}&limit=${PAGE}`,
    );
    this.setTimeline(id, (t) => prependPage(t, page.items, page.nextCursor !== null && page.items.length > 0));
    this.noteSenders(page.items);
  }

  /**
   * Makes message `seq` held for a jump to it (docs/adr/0151): the page around it, and everything
   * between that page and the messages already held, so the timeline stays contiguous. Answers
   * whether the message is held now.
   */
  async loadAround(id: string, seq: number): Promise<boolean> {
    await this.ensureLoaded(id);
    const held = this.state.timelines[id]?.messages ?? [];
    if (held.some((m) => m.seq === seq)) return true;
    if (held.length > 0 && seq > held[0].seq) return false;
    const { messages, hasOlder } = await jumpPages(<T,>(path: string) => this.http.get<T>(path), id, seq, held[0]?.seq);
    this.setTimeline(id, (t) => prependPage(t, messages, hasOlder));
    this.noteSenders(messages);
    return this.state.timelines[id]?.messages.some((m) => m.seq === seq) ?? false;
  }

  /** Fetches everything after `after` (a gap, or events missed while offline). */
  /**
   * Loads the messages after `after`. With `until` (a seq already received live), keeps asking a
   * few times until every seq below it is there: the read side may not have stored them yet.
   */
  async fillAfter(id: string, after: number, until?: number): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      let cursor = after;
      for (;;) {
        const page = await this.http.get<Page<Message>>(
          `/api/conversations/${id}/messages?after=${cursor}&limit=200`,
        );
        this.setTimeline(id, (t) => ({ ...t, messages: mergeMessages(t.messages, page.items) }));
        this.noteSenders(page.items);
        for (const m of page.items) this.setEntry(id, (e) => applyMessage(e, m, this.state.me.userId, this.isViewing(id)));
        if (page.items.length < 200) break;
        cursor = page.items[page.items.length - 1].seq;
      }
      if (until === undefined || attempt >= 5 || !this.missingBelow(id, after, until)) return;
      await new Promise((r) => setTimeout(r, 250 * 2 ** attempt));
    }
  }

  private missingBelow(id: string, after: number, until: number): boolean {
    const have = new Set((this.state.timelines[id]?.messages ?? []).map((m) => m.seq));
    for (let seq = after + 1; seq < until; seq++) if (!have.has(seq)) return true;
    return false;
  }

  /** After a reconnect that may have missed events: inbox first, then each moved timeline. */
  async resync(): Promise<void> {
    await this.loadInbox().catch(() => undefined);
    const tasks = Object.entries(this.state.timelines)
      .filter(([, t]) => t.loaded)
      .filter(([id, t]) => !this.inboxServed || (this.state.inbox[id]?.lastSeq ?? Infinity) > maxSeq(t))
      .map(([id, t]) => this.fillAfter(id, maxSeq(t)));
    await Promise.allSettled(tasks);
    if (this.state.activeId) this.markRead(this.state.activeId);
  }

  isViewing(id: string): boolean {
    return this.state.activeId === id && (typeof document === 'undefined' || document.visibilityState === 'visible');
  }

  markRead(id: string): void {
    const entry = this.state.inbox[id];
    const timeline = this.state.timelines[id];
    const seq = Math.max(entry?.lastSeq ?? 0, timeline ? maxSeq(timeline) : 0);
    if (!this.isViewing(id) || seq === 0) return;
    const alreadyRead = entry && entry.readSeq >= seq && entry.unreadCount === 0;
    if (!alreadyRead) this.setEntry(id, (e) => ({ ...applyMyRead(e, seq), unreadCount: 0 }));
    // Not skipped when the entry already shows it read: a message that arrives while the
    // conversation is on screen is shown read at once, and the server still has to hear of it.
    // The throttle sends each conversation's marker once per seq at most.
    this.reads.offer(id, seq);
  }

  // ---- sending ----

  /** Sends text and/or uploaded files (as attachments: an upload's id is the attachment's id). */
  send(id: string, body: string, replyToMessageId: string | null, attachments: Attachment[] = []): void {
    const pending: PendingMessage = {
      clientMessageId: newId(),
      conversationId: id,
      body,
      replyToMessageId,
      attachments,
      createdAt: new Date().toISOString(),
      status: 'pending',
    };
    this.setTimeline(id, (t) => ({ ...t, pending: [...t.pending, pending] }));
    this.enqueue(pending);
  }

  retry(id: string, clientMessageId: string): void {
    const pending = this.state.timelines[id]?.pending.find((p) => p.clientMessageId === clientMessageId);
    if (!pending) return;
    this.setTimeline(id, (t) => retrySend(t, clientMessageId));
    this.enqueue(pending);
  }

  discard(id: string, clientMessageId: string): void {
    this.setTimeline(id, (t) => ({ ...t, pending: t.pending.filter((p) => p.clientMessageId !== clientMessageId) }));
  }

  /** One send at a time per conversation, so messages are stored in the order they were typed. */
  private enqueue(p: PendingMessage): void {
    const previous = this.sendQueues.get(p.conversationId) ?? Promise.resolve();
    const next = previous.then(() => this.post(p));
    this.sendQueues.set(p.conversationId, next);
    void next.then(() => {
      if (this.sendQueues.get(p.conversationId) === next) this.sendQueues.delete(p.conversationId);
    });
  }

  /** Sends refused for now (503 overloaded, 429) are retried after `Retry-After`, this often. */
  static readonly SEND_ATTEMPTS = 6;

  /** Whether a conversation is end-to-end encrypted, as far as this client knows it. */
  isEncrypted(id: string): boolean {
    return !!(this.state.details[id]?.conversation.encrypted ?? this.state.inbox[id]?.conversation.encrypted);
  }

  /**
   * What is posted for a message: the body, or in an encrypted conversation the ciphertext for the
   * conversation's current keys. A 409 key-set-changed (a member or device came or went since the
   * keys were fetched) encrypts again for the new keys and resends with the same clientMessageId.
   */
  private async postMessage(p: PendingMessage): Promise<Message> {
    const path = `/api/conversations/${p.conversationId}/messages`;
    if (!this.isEncrypted(p.conversationId)) {
      const { message } = await this.http.post<{ message: Message }>(path, {
        clientMessageId: p.clientMessageId,
        body: p.attachments.length > 0 && !p.body ? undefined : p.body,
        replyToMessageId: p.replyToMessageId ?? undefined,
        attachmentIds: p.attachments.length > 0 ? p.attachments.map((a) => a.attachmentId) : undefined,
      });
      return message;
    }
    const encryption = this.encryption;
    if (!encryption) throw new Error('Not sent: this browser cannot encrypt messages.');
    if (p.attachments.length > 0) throw new Error('Not sent: files cannot be sent in encrypted conversations yet.');
    const content = { body: p.body, clientMessageId: p.clientMessageId, replyToMessageId: p.replyToMessageId };
    for (let round = 0; ; round++) {
      const { ciphertext, keySetVersion } = await encryption.service.encryptFor(p.conversationId, content, { refresh: round > 0 });
      try {
        const { message } = await this.http.post<{ message: Message }>(path, {
          clientMessageId: p.clientMessageId,
          ciphertext,
          keySetVersion,
          replyToMessageId: p.replyToMessageId ?? undefined,
        });
        encryption.decryptions.seed(message, p.body);
        return message;
      } catch (error) {
        if (!isKeySetChanged(error) || round >= 2) throw error;
      }
    }
  }

  private async post(p: PendingMessage, attempt = 1): Promise<void> {
    try {
      const message = await this.postMessage(p);
      this.setTimeline(p.conversationId, (t) => confirmSend(t, p.clientMessageId, message));
      if (!this.state.timelines[p.conversationId]?.loaded) void this.ensureLoaded(p.conversationId).catch(() => undefined);
      this.setEntry(p.conversationId, (e) => applyMessage(e, message, this.state.me.userId, true));
    } catch (error) {
      if (error instanceof ProblemError && error.retryable && attempt < ChatStore.SEND_ATTEMPTS) {
        // Nothing was written (docs/api.md, Overload): the same clientMessageId again, later.
        const seconds = Math.min(Math.max(error.retryAfterSeconds ?? 1, 0), 30);
        await new Promise((resolve) => setTimeout(resolve, seconds * 1000 * this.retryDelayScale));
        return this.post(p, attempt + 1);
      }
      const reason =
        error instanceof SessionExpiredError
          ? 'Not sent: log in again, then retry.'
          : error instanceof ProblemError
            ? error.fieldErrors().attachmentIds
              ? `Not sent: ${error.fieldErrors().attachmentIds}. Discard it and attach the files again.`
              : error.message
            : error instanceof Error && error.message.startsWith('Not sent')
              ? error.message
              : error instanceof EncryptionProblem
                ? `Not sent: ${error.message}`
                : error instanceof TypeError
                ? 'Not sent: no connection.'
                : this.isEncrypted(p.conversationId)
                  ? 'Not sent: it could not be encrypted. Retry.'
                  : 'Not sent: no connection.';
      this.setTimeline(p.conversationId, (t) => failSend(t, p.clientMessageId, reason));
    }
  }

  async edit(id: string, messageId: string, body: string): Promise<void> {
    const path = `/api/conversations/${id}/messages/${messageId}`;
    let answer: ({ message?: Message } & Partial<Message>) | undefined;
    if (this.isEncrypted(id)) {
      const encryption = this.encryption;
      if (!encryption) throw new Error('This browser cannot encrypt messages.');
      const held = this.state.timelines[id]?.messages.find((m) => m.messageId === messageId);
      const content = { body, replyToMessageId: held?.replyToMessageId ?? null };
      for (let round = 0; ; round++) {
        const encrypted = await encryption.service.encryptEdit(id, messageId, content, { refresh: round > 0 });
        try {
          answer = await this.http.patch(path, encrypted);
          break;
        } catch (error) {
          if (!isKeySetChanged(error) || round >= 2) throw error;
        }
      }
      const sent = answer?.message ?? (answer?.seq ? (answer as Message) : null);
      if (sent) encryption.decryptions.seed(sent, body);
    } else {
      answer = await this.http.patch(path, { body });
    }
    const confirmed = answer?.message ?? (answer?.seq ? (answer as Message) : null);
    // An edit never changes who a message mentions (docs/adr/0153): keep what it was sent with.
    this.patchMessage(id, { messageId }, (m) =>
      confirmed ? { ...confirmed, mentions: m.mentions, mentionsEveryone: m.mentionsEveryone } : { ...m, body, editedAt: new Date().toISOString() },
    );
  }

  async remove(id: string, messageId: string): Promise<void> {
    await this.http.delete(`/api/conversations/${id}/messages/${messageId}`);
    this.patchMessage(id, { messageId }, (m) => ({ ...m, deleted: true, body: null, attachments: [] }));
  }

  /** Toggles on the server, then shows it at once; the echo of our own change is not counted twice. */
  async toggleReaction(id: string, messageId: string, emoji: string): Promise<void> {
    const key = `${messageId}:${emoji}`;
    const mine = !!this.state.myReactions[key];
    const path = `/api/conversations/${id}/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`;
    if (mine) await this.http.delete(path);
    else await this.http.put(path);
    if (!!this.state.myReactions[key] !== mine) return; // the echo arrived first and was applied
    this.awaitingEcho[key] = !mine;
    this.applyReaction(id, messageId, emoji, !mine);
  }

  /** One user's reaction changed: the count moves by one; ours also flips the chip's state. */
  private applyReaction(id: string, messageId: string, emoji: string, reacted: boolean, byMe = true): void {
    if (byMe) {
      const myReactions = { ...this.state.myReactions };
      const key = `${messageId}:${emoji}`;
      if (reacted) myReactions[key] = true;
      else delete myReactions[key];
      this.set({ myReactions });
    }
    this.setTimeline(id, (t) => ({
      ...t,
      messages: t.messages.map((m) => {
        if (m.messageId !== messageId) return m;
        const count = Math.max(0, (m.reactions[emoji] ?? 0) + (reacted ? 1 : -1));
        const reactions = { ...m.reactions, [emoji]: count };
        if (count === 0) delete reactions[emoji];
        return { ...m, reactions };
      }),
    }));
  }

  typing(id: string): void {
    const now = Date.now();
    if (now - this.lastTypingSent < 3_000) return;
    this.lastTypingSent = now;
    this.sendFrame({ op: 'typing', conversationId: id });
  }

  // ---- gateway events ----

  handleEvent = (event: GatewayEvent): void => {
    const me = this.state.me.userId;
    switch (event.type) {
      case 'message.created': {
        const m = event.data;
        const id = m.conversationId;
        const { timeline, gapAfter } = applyLiveMessage(this.state.timelines[id] ?? emptyTimeline, m, me);
        this.set({ timelines: { ...this.state.timelines, [id]: timeline } });
        const known = !!this.state.inbox[id];
        this.setEntry(id, (e) => applyMessage(e, m, me, this.isViewing(id)));
        this.clearTyping(id, m.senderId);
        this.noteSenders([m]);
        if (!known) void this.loadDetails(id).catch(() => undefined);
        if (!timeline.loaded && this.state.activeId === id) void this.ensureLoaded(id).catch(() => undefined);
        if (gapAfter !== null) void this.fillAfter(id, gapAfter, m.seq).catch(() => undefined);
        if (m.senderId !== me) {
          this.acks.offer(id, m.seq);
          if (this.isViewing(id)) this.markRead(id);
        }
        break;
      }
      case 'message.updated': {
        const id = event.conversationId;
        if (!id) break;
        const { body, editedAt } = event.data;
        const ciphertext = event.data.ciphertext;
        this.patchMessage(id, event.data, (m) => ({ ...m, body, editedAt, ...(ciphertext !== undefined ? { ciphertext } : {}) }));
        break;
      }
      case 'message.deleted': {
        const id = event.conversationId;
        if (!id) break;
        const ref = event.data;
        const known = [...(this.state.timelines[id]?.messages ?? []), this.state.inbox[id]?.lastMessage].find(
          (m) => m && String(m.messageId) === String(ref.messageId),
        );
        if (known && this.state.inbox[id]) this.setEntry(id, (e) => forgetMention(e, known, me));
        this.patchMessage(id, event.data, (m) => ({ ...m, deleted: true, body: null, attachments: [] }));
        break;
      }
      case 'reaction.updated': {
        const id = event.conversationId;
        if (!id) break;
        const { messageId, userId, emoji, reacted } = event.data;
        const key = `${messageId}:${emoji}`;
        if (userId === me) {
          if (this.awaitingEcho[key] === reacted) {
            delete this.awaitingEcho[key]; // shown already when this device made the change
            break;
          }
          delete this.awaitingEcho[key];
          if (!!this.state.myReactions[key] === reacted) break; // nothing changes
        }
        this.applyReaction(id, messageId, emoji, reacted, userId === me);
        break;
      }
      case 'conversation.created':
      case 'conversation.updated':
        this.applyConversation(event.data);
        break;
      case 'conversation.deleted':
        this.forgetConversation(event.data.conversationId);
        break;
      case 'member.joined':
      case 'member.left':
      case 'member.role_changed': {
        const id = event.conversationId;
        if (!id) break;
        if (event.type === 'member.left' && event.data.userId === me) {
          const inbox = { ...this.state.inbox };
          delete inbox[id];
          this.set({ inbox });
          break;
        }
        if (this.state.details[id]) void this.loadDetails(id).catch(() => undefined);
        break;
      }
      case 'read.updated':
      case 'delivered.updated': {
        const id = event.conversationId;
        if (!id) break;
        const { userId, seq } = event.data;
        if (userId === me) {
          if (event.type === 'read.updated') this.setEntry(id, (e) => applyMyRead(e, seq));
          break;
        }
        const current = this.state.receipts[id] ?? { read: {}, delivered: {} };
        const kind = event.type === 'read.updated' ? 'read' : 'delivered';
        if ((current[kind][userId] ?? 0) >= seq) break;
        const next = { ...current, [kind]: { ...current[kind], [userId]: seq } };
        this.set({ receipts: { ...this.state.receipts, [id]: next } });
        break;
      }
      case 'typing.started': {
        const id = event.conversationId;
        if (!id || event.data.userId === me) break;
        const typing = { ...(this.state.typing[id] ?? {}), [event.data.userId]: Date.now() + TYPING_TTL_MS };
        this.set({ typing: { ...this.state.typing, [id]: typing } });
        this.noteUser(event.data.userId);
        setTimeout(() => this.expireTyping(id), TYPING_TTL_MS + 50);
        break;
      }
      case 'presence.updated': {
        const { userId, status, lastSeenAt } = event.data;
        this.set({ presence: { ...this.state.presence, [userId]: { status, lastSeenAt } } });
        break;
      }
      case 'user.updated':
        this.applyUser(event.data);
        break;
    }
  };

  /** Applies a change to one held message, found by messageId or seq (events may carry either). */
  private patchMessage(id: string, ref: { messageId?: string; seq?: number }, change: (m: Message) => Message): void {
    const matches = (m: Message) => (ref.messageId !== undefined ? m.messageId === String(ref.messageId) : m.seq === ref.seq);
    this.setTimeline(id, (t) => {
      const index = t.messages.findIndex(matches);
      if (index < 0) return t;
      const messages = t.messages.slice();
      messages[index] = change(messages[index]);
      return { ...t, messages };
    });
    if (this.state.inbox[id]) {
      this.setEntry(id, (e) => (e.lastMessage && matches(e.lastMessage) ? { ...e, lastMessage: change(e.lastMessage) } : e));
    }
  }

  private clearTyping(id: string, userId: string): void {
    const current = this.state.typing[id];
    if (!current?.[userId]) return;
    const next = { ...current };
    delete next[userId];
    this.set({ typing: { ...this.state.typing, [id]: next } });
  }

  private expireTyping(id: string): void {
    const current = this.state.typing[id] ?? {};
    const now = Date.now();
    const next = Object.fromEntries(Object.entries(current).filter(([, until]) => until > now));
    if (Object.keys(next).length !== Object.keys(current).length) {
      this.set({ typing: { ...this.state.typing, [id]: next } });
    }
  }

  // ---- people and groups ----

  private noteSenders(messages: Message[]): void {
    for (const m of messages) this.noteUser(m.senderId);
  }

  noteUser(userId: string): void {
    if (this.state.users[userId] || this.userRequests.has(userId)) return;
    this.userRequests.add(userId);
    this.http
      .get<{ user: User; presence?: Presence }>(`/api/users/${userId}`)
      .then((answer) => {
        this.rememberUsers([answer.user]);
        if (answer.presence) this.set({ presence: { ...this.state.presence, [userId]: answer.presence } });
      })
      .catch(() => undefined);
  }

  async searchUsers(query: string): Promise<User[]> {
    return (await this.searchUsersPage(query)).items;
  }

  /** One page of people found; pass the previous page's `nextCursor` for the next. */
  async searchUsersPage(query: string, cursor: string | null = null): Promise<Page<User>> {
    const after = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = await this.http.get<Page<User>>(`/api/users?query=${encodeURIComponent(query)}&limit=20${after}`);
    this.rememberUsers(page.items);
    return page;
  }

  async searchGroups(query: string): Promise<Conversation[]> {
    return (await this.searchGroupsPage(query)).items;
  }

  async searchGroupsPage(query: string, cursor: string | null = null): Promise<Page<Conversation>> {
    const after = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    return this.http.get<Page<Conversation>>(`/api/groups?query=${encodeURIComponent(query)}&limit=20${after}`);
  }

  async openDirect(user: User, encrypted = false): Promise<string> {
    const { conversation } = await this.http.post<{ conversation: Conversation }>('/api/conversations/direct', {
      userId: user.userId,
      ...(encrypted ? { encrypted: true } : {}),
    });
    this.addConversation(conversation, user);
    return conversation.conversationId;
  }

  async createGroup(input: {
    name: string;
    topic: string;
    visibility: 'public' | 'private';
    memberIds: string[];
    encrypted?: boolean;
  }): Promise<string> {
    const { conversation } = await this.http.post<{ conversation: Conversation }>('/api/groups', input);
    this.addConversation(conversation);
    return conversation.conversationId;
  }

  async joinGroup(group: Conversation): Promise<void> {
    await this.http.post(`/api/groups/${group.conversationId}/join`);
    this.addConversation(group);
  }

  /** My notification level of a conversation (src/mentions); shown at once, undone if refused. */
  async setNotificationLevel(id: string, level: NotificationLevel): Promise<void> {
    const before = this.state.inbox[id]?.notificationLevel ?? 'all';
    this.setEntry(id, (e) => ({ ...e, notificationLevel: level }));
    try {
      await this.http.put(`/api/conversations/${id}/notifications`, { level });
    } catch (error) {
      this.setEntry(id, (e) => ({ ...e, notificationLevel: before }));
      throw error;
    }
  }

  /** A group deleted (or left) leaves the inbox, its details and timeline. */
  forgetConversation(id: string): void {
    const inbox = { ...this.state.inbox };
    delete inbox[id];
    const details = { ...this.state.details };
    delete details[id];
    this.set({ inbox, details, activeId: this.state.activeId === id ? null : this.state.activeId });
  }

  async leaveGroup(id: string): Promise<void> {
    await this.http.post(`/api/groups/${id}/leave`);
    const inbox = { ...this.state.inbox };
    delete inbox[id];
    this.set({ inbox, activeId: this.state.activeId === id ? null : this.state.activeId });
  }

  async updateGroup(id: string, change: { name?: string; topic?: string; visibility?: 'public' | 'private' }): Promise<void> {
    const answer = await this.http.patch<{ conversation?: Conversation } | undefined>(`/api/groups/${id}`, change);
    // The answer is the group as changed; a details read right now could still be older than it
    // (the directory lags the log a moment) and would undo the change on screen.
    if (answer?.conversation) this.applyConversation(answer.conversation);
    else await this.loadDetails(id);
  }

  async addMember(id: string, userId: string): Promise<void> {
    await this.http.post(`/api/groups/${id}/members`, { userId });
    const user = this.state.users[userId] ?? unknownUser(userId);
    this.changeMembers(id, (members) => (members.some((m) => m.user.userId === userId) ? members : [...members, { user, role: 'member' }]));
  }

  async removeMember(id: string, userId: string): Promise<void> {
    await this.http.delete(`/api/groups/${id}/members/${userId}`);
    this.changeMembers(id, (members) => members.filter((m) => m.user.userId !== userId));
  }

  async setRole(id: string, userId: string, role: Role): Promise<void> {
    await this.http.put(`/api/groups/${id}/members/${userId}/role`, { role });
    this.changeMembers(id, (members) => members.map((m) => (m.user.userId === userId ? { ...m, role } : m)));
  }

  /** Shows an accepted change at once; the read side confirms it a moment later. */
  private changeMembers(id: string, change: (members: Member[]) => Member[]): void {
    const current = this.state.details[id];
    if (current) this.set({ details: { ...this.state.details, [id]: { ...current, members: change(current.members) } } });
    setTimeout(() => void this.refreshMembers(id).catch(() => undefined), 2_000);
  }

  private async refreshMembers(id: string): Promise<void> {
    await this.loadDetails(id);
    await this.loadMembers(id).catch(() => undefined);
  }
}

export function placeholder(id: string): Conversation {
  return {
    conversationId: id,
    kind: 'group',
    name: null,
    topic: null,
    visibility: null,
    memberCount: 0,
    createdAt: new Date(0).toISOString(),
    lastSeq: 0,
    pictureId: null,
  };
}

export function unknownUser(userId: string): User {
  return { userId, username: '', displayName: `User ${userId.slice(0, 4)}`, createdAt: '', avatarId: null };
}
