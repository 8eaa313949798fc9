// Tokens of this browser, shared by its tabs through localStorage. Refresh tokens are single-use
// (a spent one revokes the whole device session), so tabs refresh under one Web Lock and adopt a
// pair another tab already obtained instead of spending the old token again.
import type { LoginResponse, User } from './types';

const KEY = 'parley.session';
const REFRESH_MARGIN_MS = 30_000;

export interface StoredSession {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
  user: User;
}

export class SessionExpiredError extends Error {
  constructor() {
    super('Your session has ended. Please log in again.');
    this.name = 'SessionExpiredError';
  }
}

type Listener = () => void;

export class AuthSession {
  private current: StoredSession | null;
  private expired = false;
  private refreshing: Promise<void> | null = null;
  private listeners = new Set<Listener>();

  constructor(private readonly storage: Storage = localStorage) {
    this.current = read(storage);
    if (typeof window !== 'undefined') {
      window.addEventListener('storage', (event) => {
        if (event.key !== KEY) return;
        this.current = read(storage);
        if (this.current) this.expired = false;
        this.emit();
      });
    }
  }

  get user(): User | null {
    return this.current?.user ?? null;
  }

  /** True when a session existed but could not be refreshed: show the login again. */
  get isExpired(): boolean {
    return this.expired;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  signIn(response: LoginResponse): void {
    this.current = {
      accessToken: response.accessToken,
      refreshToken: response.refreshToken,
      expiresAt: Date.now() + response.expiresIn * 1000,
      user: response.user,
    };
    this.expired = false;
    this.storage.setItem(KEY, JSON.stringify(this.current));
    this.emit();
  }

  updateUser(user: User): void {
    if (!this.current) return;
    this.current = { ...this.current, user };
    this.storage.setItem(KEY, JSON.stringify(this.current));
    this.emit();
  }

  /** Ends the session here; returns the refresh token so the caller can revoke it. */
  signOut(): string | null {
    const token = this.current?.refreshToken ?? null;
    this.current = null;
    this.expired = false;
    this.storage.removeItem(KEY);
    this.emit();
    return token;
  }

  markExpired(): void {
    this.current = null;
    this.expired = true;
    this.storage.removeItem(KEY);
    this.emit();
  }

  /** A valid access token, refreshed first when it is about to expire. */
  async accessToken(): Promise<string> {
    if (!this.current) throw new SessionExpiredError();
    if (this.current.expiresAt - Date.now() < REFRESH_MARGIN_MS) await this.refresh();
    if (!this.current) throw new SessionExpiredError();
    return this.current.accessToken;
  }

  /** Refreshes once for all concurrent callers of this tab, and once across tabs. */
  refresh(): Promise<void> {
    if (!this.refreshing) {
      const spent = this.current?.refreshToken;
      this.refreshing = withLock(() => this.refreshUnlocked(spent)).finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private async refreshUnlocked(spent: string | undefined): Promise<void> {
    const stored = read(this.storage);
    if (stored && stored.refreshToken !== spent) {
      this.current = stored; // another tab already refreshed
      return;
    }
    if (!spent) throw new SessionExpiredError();
    let response: Response;
    try {
      response = await fetch('/api/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken: spent }),
      });
    } catch (error) {
      throw error instanceof Error ? error : new Error(String(error)); // offline: keep the session
    }
    if (!response.ok) {
      this.markExpired();
      throw new SessionExpiredError();
    }
    const body = (await response.json()) as Partial<LoginResponse>;
    this.signIn({
      accessToken: body.accessToken!,
      refreshToken: body.refreshToken!,
      expiresIn: body.expiresIn ?? 900,
      user: body.user ?? this.current!.user,
    });
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

function read(storage: Storage): StoredSession | null {
  try {
    const raw = storage.getItem(KEY);
    return raw ? (JSON.parse(raw) as StoredSession) : null;
  } catch {
    return null;
  }
}

// Web Locks exist only in secure contexts: opened over plain http on a LAN address, tabs refresh
// without the lock, and a second tab that spends the same token relies on the server's grace for a
// just-rotated refresh token.
function withLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? locks.request('parley-token-refresh', task) : task();
}
