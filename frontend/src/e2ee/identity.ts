// Who is signed in on this device: the user from the session, the device session from the access
// token's `sid` claim (docs/api.md "Device sessions"; the server signs the token, we only read it).
import type { AuthSession } from '../api/session';
import type { Identity } from './types';

export async function identityOf(session: AuthSession): Promise<Identity> {
  const token = await session.accessToken();
  const user = session.user;
  if (!user) throw new Error('Not signed in');
  const sessionId = sessionIdOf(token);
  if (!sessionId) throw new Error('The access token names no device session');
  return { userId: user.userId, sessionId };
}

/** The `sid` claim of a JWT, or null when it has none (or is not a JWT). */
export function sessionIdOf(token: string): string | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const claims = JSON.parse(atob(padded)) as { sid?: unknown };
    return typeof claims.sid === 'string' ? claims.sid : null;
  } catch {
    return null;
  }
}
