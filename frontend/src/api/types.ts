// The wire types of the public API (docs: /API.md at the contract's home). One module, so the
// REST payloads and the WebSocket event union cannot drift apart inside the client. The push
// payloads are checked against the server's records: realtime-push's PushTypesTest writes their
// JSON shapes to push-protocol.json, and protocol.test.ts compares them with samples typed by
// PushPayloads below (docs/adr/0112).

export type Uuid = string;
/** A 64-bit message id, always a decimal string on the wire. */
export type MessageId = string;

export interface User {
  userId: Uuid;
  username: string;
  displayName: string;
  createdAt: string;
  /** The current avatar's file id (`/api/files/{id}` or `/thumbnail`), null when unset. */
  avatarId: Uuid | null;
}

export type ConversationKind = 'direct' | 'group';
export type Visibility = 'public' | 'private';
export type Role = 'owner' | 'admin' | 'member';

export interface Conversation {
  conversationId: Uuid;
  kind: ConversationKind;
  name: string | null;
  topic: string | null;
  visibility: Visibility | null;
  memberCount: number;
  createdAt: string;
  lastSeq: number;
  /** The group picture's file id, null when unset. */
  pictureId: Uuid | null;
  /** End-to-end encrypted (docs/api.md, End-to-end encryption); absent from older servers = false. */
  encrypted?: boolean;
}

export interface Message {
  messageId: MessageId;
  conversationId: Uuid;
  seq: number;
  senderId: Uuid;
  body: string | null;
  replyToMessageId: MessageId | null;
  createdAt: string;
  editedAt: string | null;
  deleted: boolean;
  reactions: Record<string, number>;
  /** Files sent with the message; always a list, empty when none or when the message is deleted. */
  attachments: Attachment[];
  /** Members named by `@username`, resolved when sent (older servers send none). */
  mentions?: Uuid[];
  /** An `@here`/`@everyone` the sender was allowed to use. */
  mentionsEveryone?: boolean;
  /** In an encrypted conversation: the armored OpenPGP message (then `body` is null). */
  ciphertext?: string | null;
}

export type NotificationLevel = 'all' | 'mentions' | 'muted';

/** A file as messages carry it (docs/api.md, Files). `attachmentId` is the id it was uploaded under. */
export interface Attachment {
  attachmentId: Uuid;
  name: string;
  /** Detected from the bytes by the server, never taken from the name. */
  contentType: string;
  size: number;
  sha256: string;
  /** Set for raster images (PNG, JPEG, GIF, WebP) only. */
  width: number | null;
  height: number | null;
  /** Whether `GET /api/files/{id}/thumbnail` has a preview. */
  thumbnail: boolean;
}

/** `PUT /api/uploads/{uploadId}`: an uploaded file not yet attached to anything. */
export interface Upload {
  uploadId: Uuid;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  width: number | null;
  height: number | null;
  thumbnail: boolean;
  createdAt: string;
  expiresAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** One row of GET /api/conversations. */
export interface InboxItem {
  conversation: Conversation;
  lastMessage: Message | null;
  lastSeq: number;
  readSeq: number;
  unreadCount: number;
  /** The other person of a direct conversation, when the server names them. */
  peer?: User | null;
  notificationLevel?: NotificationLevel;
  /** Unread messages that mention me. */
  mentionCount?: number;
}

export interface Member {
  user: User;
  role: Role;
}

export interface ConversationDetails {
  conversation: Conversation;
  members: Member[];
  myRole: Role | null;
  readSeq: number;
}

/** `GET /api/conversations/{id}` on the wire: the members' first page, flat member rows. */
export interface ConversationDetailsResponse {
  conversation: Conversation;
  members: { items: unknown[]; nextCursor: string | null };
  myRole: Role | null;
  readSeq: number | null;
  /** Mine; null when I am not a member. */
  notificationLevel?: NotificationLevel | null;
  /** Every current member's read marker past 0 (absent from an older server). */
  readMarkers?: ReceiptMarker[];
  /** Every current member's delivered marker past 0, as the push service knows it. */
  deliveredMarkers?: ReceiptMarker[];
}

export interface ReceiptMarker {
  userId: string;
  seq: number;
}

export interface LoginResponse {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: User;
}

export interface Presence {
  status: 'online' | 'offline';
  lastSeenAt: string | null;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

// ---- WebSocket gateway ----

export const EVENT_TYPES = [
  'message.created',
  'message.updated',
  'message.deleted',
  'reaction.updated',
  'conversation.created',
  'conversation.updated',
  'conversation.deleted',
  'member.joined',
  'member.left',
  'member.role_changed',
  'read.updated',
  'delivered.updated',
  'typing.started',
  'presence.updated',
  'user.updated',
  'keys.changed',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

interface EventFrameBase<T extends EventType, D> {
  op: 'event';
  eventId: number;
  type: T;
  conversationId?: Uuid;
  seq?: number;
  data: D;
}

/** `read.updated` and `delivered.updated`: a member's marker reached `seq`. */
export interface MarkerData {
  userId: Uuid;
  seq: number;
}

/** `message.updated`: the new body of an edited message. */
export interface MessageUpdatedData {
  messageId: MessageId;
  seq: number;
  /** Null in an encrypted conversation: then `ciphertext` holds the new text. */
  body: string | null;
  editedAt: string;
  editorId: Uuid;
  ciphertext?: string | null;
}

/** `message.deleted`: a tombstone. */
export interface MessageDeletedData {
  messageId: MessageId;
  seq: number;
  deleted: true;
  deletedAt: string;
  actorId: Uuid;
}

/** One user's reaction added (`reacted: true`) or removed: the count moves by one. */
export interface ReactionData {
  messageId: MessageId;
  seq: number;
  userId: Uuid;
  emoji: string;
  reacted: boolean;
}

/** `conversation.deleted`: the owner deleted the group; nothing more of it follows. */
export interface ConversationDeletedData {
  conversationId: Uuid;
  actorId: Uuid;
}

export interface MemberJoinedData {
  userId: Uuid;
  role: Role;
  actorId: Uuid;
}

/** Removed by `actorId`, or left when that is the member. */
export interface MemberLeftData {
  userId: Uuid;
  actorId: Uuid;
}

export interface MemberRoleChangedData {
  userId: Uuid;
  role: Role;
  actorId: Uuid;
}

export interface TypingData {
  userId: Uuid;
}

export type PresenceData = { userId: Uuid } & Presence;

/** `keys.changed`: this user's end-to-end encryption device keys or backup key changed. */
export interface KeysChangedData {
  userId: Uuid;
}

/** What `data` is for each event type: the server's payload records (PushType in realtime-push). */
export interface PushPayloads {
  'message.created': Message;
  'message.updated': MessageUpdatedData;
  'message.deleted': MessageDeletedData;
  'reaction.updated': ReactionData;
  'conversation.created': Conversation;
  'conversation.updated': Conversation;
  'conversation.deleted': ConversationDeletedData;
  'member.joined': MemberJoinedData;
  'member.left': MemberLeftData;
  'member.role_changed': MemberRoleChangedData;
  'read.updated': MarkerData;
  'delivered.updated': MarkerData;
  'typing.started': TypingData;
  'presence.updated': PresenceData;
  'user.updated': User;
  'keys.changed': KeysChangedData;
}

/** The discriminated union of every server event; `type` narrows `data`. */
export type GatewayEvent = { [T in EventType]: EventFrameBase<T, PushPayloads[T]> }[EventType];

export type ServerFrame =
  | { op: 'ready'; sessionId: string; heartbeatIntervalMs: number; user: Partial<User> & { userId: Uuid } }
  | { op: 'resumed' }
  | { op: 'invalid_session' }
  | { op: 'heartbeat_ack' }
  | GatewayEvent;

export type ClientFrame =
  | { op: 'identify'; token: string; resume?: { sessionId: string; lastEventId: number } }
  | { op: 'heartbeat' }
  | { op: 'typing'; conversationId: Uuid }
  | { op: 'ack'; conversationId: Uuid; seq: number }
  | { op: 'presence_subscribe'; userIds: Uuid[] };

/** Compile-time check that the payload map covers exactly the listed types. */
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const unionMatchesList: Exact<keyof PushPayloads, EventType> = true;
