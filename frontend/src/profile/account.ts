// The signed-in user's own account over REST: name, password, device sessions, deletion.
import { ProblemError, type Http } from '../api/http';
import type { User } from '../api/types';

export interface DeviceSession {
  sessionId: string;
  deviceName: string | null;
  createdAt: string;
  lastUsedAt: string;
  current: boolean;
}

export class AccountClient {
  constructor(private readonly http: Http) {}

  async rename(displayName: string): Promise<User> {
    return (await this.http.patch<{ user: User }>('/api/me', { displayName })).user;
  }

  changePassword(currentPassword: string, newPassword: string): Promise<void> {
    return this.http.post<void>('/api/me/password', { currentPassword, newPassword });
  }

  /** The live sessions, this device first, then the most recently used. */
  async sessions(): Promise<DeviceSession[]> {
    const page = await this.http.get<{ items: DeviceSession[] }>('/api/me/sessions');
    return sortSessions(page.items);
  }

  revoke(sessionId: string): Promise<void> {
    return this.http.delete<void>(`/api/me/sessions/${encodeURIComponent(sessionId)}`);
  }

  /** Ends every session but this one; an already ended one (404) counts as ended. */
  async revokeOthers(): Promise<number> {
    const others = (await this.sessions()).filter((s) => !s.current);
    await Promise.all(
      others.map((s) =>
        this.revoke(s.sessionId).catch((error: unknown) => {
          if (!(error instanceof ProblemError && error.status === 404)) throw error;
        }),
      ),
    );
    return others.length;
  }

  deleteAccount(password: string): Promise<void> {
    return this.http.request<void>('DELETE', '/api/me', { password });
  }
}

export function sortSessions(sessions: DeviceSession[]): DeviceSession[] {
  return [...sessions].sort((a, b) =>
    a.current !== b.current ? (a.current ? -1 : 1) : b.lastUsedAt.localeCompare(a.lastUsedAt),
  );
}

/** A problem's field messages first (what the user can fix), else its detail. */
export function problemText(error: unknown): string {
  if (error instanceof ProblemError) {
    const fields = Object.entries(error.fieldErrors()).map(([f, m]) => `${fieldLabel(f)} ${m}`);
    if (fields.length) return fields.join('; ');
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

function fieldLabel(field: string): string {
  return (
    { displayName: 'Display name', currentPassword: 'Current password', newPassword: 'New password', password: 'Password' }[field] ??
    field
  );
}
