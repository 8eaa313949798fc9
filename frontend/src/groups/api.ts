import type { Http } from '../api/http';
import type { Conversation, Uuid } from '../api/types';

/** An invite link as owners and admins list it (docs/api.md, Invite links). */
export interface Invite {
  code: string;
  conversationId: Uuid;
  createdBy: Uuid;
  createdByName?: string | null;
  createdAt: string;
  expiresAt: string | null;
  maxUses: number | null;
  uses: number;
  revokedAt?: string | null;
  status?: 'active' | 'expired' | 'used_up' | 'revoked';
}

export interface InvitePreview {
  code: string;
  expiresAt: string | null;
  group: { conversationId: Uuid; name: string; topic: string | null; visibility: string; memberCount: number; pictureId: Uuid | null };
  member: boolean;
}

/** A system entry of a group's timeline, placed after the message with seq `afterSeq`. */
export interface Activity {
  activityId: string;
  afterSeq: number;
  kind: string;
  actorId: Uuid | null;
  actorName: string | null;
  userId: Uuid | null;
  userName: string | null;
  detail: string | null;
  at: string;
}

export interface Ban {
  userId: Uuid;
  username: string | null;
  displayName: string | null;
  bannedBy: Uuid;
  bannedAt: string;
}

interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

/** The expiry choices the UI offers, in seconds (null: never). */
export const EXPIRY_CHOICES: { label: string; seconds: number | null }[] = [
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 86_400 },
  { label: '7 days', seconds: 604_800 },
  { label: 'Never', seconds: null },
];

export function inviteLink(code: string, origin = location.origin): string {
  return `${origin}/invite/${code}`;
}

/** `/invite/<code>` opens an invite; the code is base64url. */
export function inviteCodeOf(path: string): string | null {
  const match = path.match(/^\/invite\/([A-Za-z0-9_-]{22,64})\/?$/);
  return match ? match[1] : null;
}

export class GroupsApi {
  constructor(private readonly http: Http) {}

  async createInvite(groupId: Uuid, expiresInSeconds: number | null, maxUses: number | null): Promise<Invite> {
    const { invite } = await this.http.post<{ invite: Invite }>(`/api/groups/${groupId}/invites`, { expiresInSeconds, maxUses });
    return invite;
  }

  async listInvites(groupId: Uuid): Promise<Invite[]> {
    return (await this.http.get<PageOf<Invite>>(`/api/groups/${groupId}/invites?limit=200`)).items;
  }

  revokeInvite(groupId: Uuid, code: string): Promise<void> {
    return this.http.delete(`/api/groups/${groupId}/invites/${encodeURIComponent(code)}`);
  }

  previewInvite(code: string): Promise<InvitePreview> {
    return this.http.get<InvitePreview>(`/api/invites/${encodeURIComponent(code)}`);
  }

  async joinInvite(code: string): Promise<Conversation> {
    return (await this.http.post<{ conversation: Conversation }>(`/api/invites/${encodeURIComponent(code)}/join`)).conversation;
  }

  async joinByName(name: string): Promise<Conversation> {
    return (await this.http.post<{ conversation: Conversation }>('/api/groups/join-by-name', { name })).conversation;
  }

  deleteGroup(groupId: Uuid): Promise<void> {
    return this.http.delete(`/api/groups/${groupId}`);
  }

  async activity(groupId: Uuid): Promise<Activity[]> {
    return (await this.http.get<PageOf<Activity>>(`/api/conversations/${groupId}/activity?limit=200`)).items;
  }

  async bans(groupId: Uuid): Promise<Ban[]> {
    return (await this.http.get<PageOf<Ban>>(`/api/groups/${groupId}/bans?limit=200`)).items;
  }

  ban(groupId: Uuid, userId: Uuid): Promise<void> {
    return this.http.put(`/api/groups/${groupId}/bans/${userId}`);
  }

  unban(groupId: Uuid, userId: Uuid): Promise<void> {
    return this.http.delete(`/api/groups/${groupId}/bans/${userId}`);
  }
}
