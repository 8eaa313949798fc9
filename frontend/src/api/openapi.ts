// Generated from docs/openapi.json by `npm run openapi` (scripts/openapi-types.mjs).
// Do not edit: change the server, rewrite the contract, regenerate (docs/adr/0130).

export type Activity = {
  activityId: string;
  actorId: string | null;
  actorName: string | null;
  afterSeq: number;
  at: string;
  detail: string | null;
  kind: "direct" | "group";
  userId: string | null;
  userName: string | null;
};

export type ActivityPage = {
  items: Activity[];
  nextCursor: string | null;
};

export type AddMemberRequest = {
  userId: string;
};

export type Attachment = {
  attachmentId: string;
  contentType: string;
  height: number;
  name: string;
  sha256: string;
  size: number;
  thumbnail: boolean;
  width: number;
};

export type AvatarRequest = {
  uploadId: string;
};

export type BackupKeyView = {
  createdAt: string;
  fingerprint: string;
  publicKey: string;
  userId: string;
};

export type Ban = {
  avatarId: string;
  bannedAt: string;
  bannedBy: string;
  displayName: string;
  userId: string;
  username: string;
};

export type BanPage = {
  items: Ban[];
  nextCursor: string | null;
};

export type ConversationDetails = {
  conversation: ConversationView;
  deliveredMarkers: ReceiptMarker[];
  members: MemberPage;
  myRole: "owner" | "admin" | "member" | null;
  notificationLevel: "all" | "mentions" | "muted";
  readMarkers: ReceiptMarker[];
  readSeq: number | null;
};

export type ConversationKeys = {
  backupKeys: BackupKeyView[];
  conversationId: string;
  devices: DeviceKeyView[];
  keySetVersion: string;
};

export type ConversationView = {
  conversationId: string;
  createdAt: string;
  encrypted: boolean;
  kind: "direct" | "group";
  lastSeq: number;
  memberCount: number;
  name: string | null;
  pictureId: string;
  topic: string | null;
  visibility: "public" | "private";
};

export type CreateGroupRequest = {
  encrypted?: boolean;
  memberIds?: string[];
  name: string;
  topic?: string;
  visibility: "public" | "private";
};

export type CreateInviteRequest = {
  expiresInSeconds?: number;
  maxUses?: number;
};

export type CreatedInvite = {
  code: string;
  conversationId: string;
  createdAt: string;
  createdBy: string;
  expiresAt: string;
  maxUses: number;
  uses: number;
};

export type DeleteAccountRequest = {
  password: string;
};

export type DeviceKeyPage = {
  backupKey: BackupKeyView;
  items: DeviceKeyView[];
  nextCursor: string | null;
};

export type DeviceKeyRequest = {
  fingerprint: string;
  publicKey: string;
};

export type DeviceKeyView = {
  createdAt: string;
  deviceName: string;
  endedAt: string;
  fingerprint: string;
  publicKey: string;
  sessionId: string;
  status: "online" | "offline";
  userId: string;
};

export type DeviceSession = {
  createdAt: string;
  current: boolean;
  deviceName: string;
  lastUsedAt: string;
  sessionId: string;
};

export type DeviceSessionPage = {
  items: DeviceSession[];
  nextCursor: string | null;
};

export type EditRequest = {
  body?: string;
  ciphertext?: string;
  keySetVersion?: string;
};

export type GroupPage = {
  items: ConversationView[];
  nextCursor: string | null;
};

export type InboxItem = {
  conversationId: string;
  createdAt: string;
  encrypted: boolean;
  kind: "direct" | "group";
  lastActivityAt: string;
  lastMessage: MessageView | null;
  lastSeq: number;
  memberCount: number;
  mentionCount: number;
  name: string | null;
  notificationLevel: "all" | "mentions" | "muted";
  peer: Peer | null;
  pictureId: string;
  readSeq: number;
  topic: string | null;
  unreadCount: number;
  visibility: "public" | "private";
};

export type InboxPage = {
  items: InboxItem[];
  nextCursor: string | null;
};

export type Invite = {
  code: string;
  conversationId: string;
  createdAt: string;
  createdBy: string;
  createdByName: string | null;
  expiresAt: string | null;
  maxUses: number | null;
  revokedAt: string | null;
  status: "online" | "offline";
  uses: number;
};

export type InvitePage = {
  items: Invite[];
  nextCursor: string | null;
};

export type JoinByNameRequest = {
  name: string;
};

export type KeyBackup = {
  createdAt: string;
  encryptedPrivateKey: string;
  fingerprint: string;
  publicKey: string;
};

export type KeyBackupRequest = {
  encryptedPrivateKey: string;
  fingerprint: string;
  publicKey: string;
};

export type Keys = {
  auth: string;
  p256dh: string;
};

export type LevelRequest = {
  level: "all" | "mentions" | "muted";
};

export type LoginRequest = {
  deviceName?: string;
  login: string;
  password: string;
};

export type Member = {
  avatarId: string;
  displayName: string;
  joinedAt: string;
  role: "owner" | "admin" | "member";
  userId: string;
  username: string;
};

export type MemberPage = {
  items: Member[];
  nextCursor: string | null;
};

export type MessagePage = {
  items: MessageView[];
  newerCursor: string;
  nextCursor: string | null;
};

export type MessageSearchHit = {
  body: string;
  conversationId: string;
  conversationKind: string;
  conversationName: string;
  createdAt: string;
  highlights: SearchHighlight[];
  messageId: string;
  senderId: string;
  senderName: string;
  seq: number;
};

export type MessageSearchPage = {
  items: MessageSearchHit[];
  nextCursor: string | null;
};

export type MessageView = {
  attachments: Attachment[];
  body: string | null;
  ciphertext: string;
  conversationId: string;
  createdAt: string;
  deleted: boolean;
  editedAt: string | null;
  mentions: string[];
  mentionsEveryone: boolean;
  messageId: string;
  reactions: Record<string, number>;
  replyToMessageId: string | null;
  senderId: string;
  seq: number;
};

export type OpenRequest = {
  encrypted?: boolean;
  userId: string;
};

export type PasswordRequest = {
  currentPassword: string;
  newPassword: string;
};

export type Peer = {
  avatarId: string;
  displayName: string;
  userId: string;
  username: string;
};

export type PictureRequest = {
  uploadId: string;
};

export type Presence = {
  lastSeenAt: string | null;
  status: "online" | "offline";
};

export type Preview = {
  code: string;
  expiresAt: string | null;
  group: PreviewGroup;
  member: boolean;
};

export type PreviewGroup = {
  conversationId: string;
  memberCount: number;
  name: string;
  pictureId: string | null;
  topic: string;
  visibility: "public" | "private";
};

export type Problem = {
  detail?: string;
  errors?: ({
    field: string;
    message: string;
  })[];
  instance?: string;
  status: number;
  title: string;
  type: string;
};

export type ProfileRequest = {
  displayName: string;
};

export type ReadRequest = {
  seq: number;
};

export type ReceiptMarker = {
  seq: number;
  userId: string;
};

export type RefreshRequest = {
  refreshToken: string;
};

export type RegisterRequest = {
  displayName?: string;
  email: string;
  password: string;
  username: string;
};

export type RoleRequest = {
  role: "owner" | "admin" | "member";
};

export type SearchHighlight = {
  end: number;
  start: number;
};

export type SendRequest = {
  attachmentIds?: string[];
  body?: string;
  ciphertext?: string;
  clientMessageId: string;
  keySetVersion?: string;
  replyToMessageId?: string;
};

export type SubscriptionRequest = {
  endpoint: string;
  keys: Keys;
};

export type TokenResponse = {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  user: UserView;
};

export type UpdateGroupRequest = {
  name?: string;
  topic?: string;
  visibility?: "public" | "private";
};

export type UploadView = {
  contentType: string;
  createdAt: string;
  expiresAt: string;
  height: number;
  name: string;
  sha256: string;
  size: number;
  thumbnail: boolean;
  uploadId: string;
  width: number;
};

export type UserPage = {
  items: UserView[];
  nextCursor: string | null;
};

export type UserProfile = {
  presence: Presence;
  user: UserView;
};

export type UserView = {
  avatarId: string;
  createdAt: string;
  displayName: string;
  userId: string;
  username: string;
};

export type VapidKey = {
  publicKey: string;
};

/** The success body of every operation, by `METHOD /path`. */
export interface Responses {
  'POST /api/auth/login': TokenResponse;
  'POST /api/auth/logout': void;
  'POST /api/auth/refresh': TokenResponse;
  'POST /api/auth/register': {
      user: UserView;
    };
  'GET /api/conversations': InboxPage;
  'POST /api/conversations/direct': {
      conversation: ConversationView;
    };
  'GET /api/conversations/{conversationId}': ConversationDetails;
  'GET /api/conversations/{conversationId}/activity': ActivityPage;
  'GET /api/conversations/{conversationId}/keys': ConversationKeys;
  'GET /api/conversations/{conversationId}/members': MemberPage;
  'GET /api/conversations/{conversationId}/messages': MessagePage;
  'POST /api/conversations/{conversationId}/messages': {
      message: MessageView;
    };
  'DELETE /api/conversations/{conversationId}/messages/{messageId}': void;
  'PATCH /api/conversations/{conversationId}/messages/{messageId}': {
      message: MessageView;
    };
  'DELETE /api/conversations/{conversationId}/messages/{messageId}/reactions/{emoji}': void;
  'PUT /api/conversations/{conversationId}/messages/{messageId}/reactions/{emoji}': void;
  'PUT /api/conversations/{conversationId}/notifications': void;
  'PUT /api/conversations/{conversationId}/read': void;
  'GET /api/files/{attachmentId}': void;
  'GET /api/files/{attachmentId}/thumbnail': void;
  'GET /api/groups': GroupPage;
  'POST /api/groups': {
      conversation: ConversationView;
    };
  'POST /api/groups/join-by-name': {
      conversation: ConversationView;
    };
  'DELETE /api/groups/{groupId}': void;
  'PATCH /api/groups/{groupId}': {
      conversation: ConversationView;
    };
  'GET /api/groups/{groupId}/bans': BanPage;
  'DELETE /api/groups/{groupId}/bans/{userId}': void;
  'PUT /api/groups/{groupId}/bans/{userId}': void;
  'GET /api/groups/{groupId}/invites': InvitePage;
  'POST /api/groups/{groupId}/invites': Record<string, CreatedInvite>;
  'DELETE /api/groups/{groupId}/invites/{code}': void;
  'POST /api/groups/{groupId}/join': {
      conversation: ConversationView;
    };
  'POST /api/groups/{groupId}/leave': void;
  'POST /api/groups/{groupId}/members': void;
  'DELETE /api/groups/{groupId}/members/{userId}': void;
  'PUT /api/groups/{groupId}/members/{userId}/role': void;
  'DELETE /api/groups/{groupId}/picture': {
      conversation: ConversationView;
    };
  'PUT /api/groups/{groupId}/picture': {
      conversation: ConversationView;
    };
  'GET /api/invites/{code}': Preview;
  'POST /api/invites/{code}/join': {
      conversation: ConversationView;
    };
  'DELETE /api/me': void;
  'GET /api/me': {
      user: UserView;
    };
  'PATCH /api/me': {
      user: UserView;
    };
  'DELETE /api/me/avatar': {
      user: UserView;
    };
  'PUT /api/me/avatar': {
      user: UserView;
    };
  'DELETE /api/me/device-key': void;
  'PUT /api/me/device-key': {
      deviceKey: DeviceKeyView;
    };
  'DELETE /api/me/key-backup': void;
  'GET /api/me/key-backup': Record<string, KeyBackup>;
  'PUT /api/me/key-backup': Record<string, KeyBackup>;
  'POST /api/me/password': void;
  'GET /api/me/sessions': DeviceSessionPage;
  'DELETE /api/me/sessions/{sessionId}': void;
  'DELETE /api/push/subscriptions': void;
  'POST /api/push/subscriptions': void;
  'GET /api/push/vapid-key': VapidKey;
  'GET /api/search/messages': MessageSearchPage;
  'DELETE /api/uploads/{uploadId}': void;
  'PUT /api/uploads/{uploadId}': {
      upload: UploadView;
    };
  'GET /api/users': UserPage;
  'GET /api/users/{userId}': UserProfile;
  'GET /api/users/{userId}/device-keys': DeviceKeyPage;
}
