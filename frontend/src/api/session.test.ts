import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Http, ProblemError } from './http';
import { AuthSession, SessionExpiredError } from './session';

const user = { userId: 'u1', username: 'ann', displayName: 'Ann', createdAt: '2026-11-23T00:00:00Z', avatarId: null };

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('silent token refresh', () => {
  let fetchMock: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    localStorage.clear();
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => vi.unstubAllGlobals());

  function signedIn(expiresIn = 900): AuthSession {
    const session = new AuthSession(localStorage);
    session.signIn({ accessToken: 'a1', refreshToken: 'r1', expiresIn, user });
    return session;
  }

  it('refreshes once on a 401 and retries the call with the new token', async () => {
    const session = signedIn();
    fetchMock
      .mockResolvedValueOnce(json(401, { status: 401 }))
      .mockResolvedValueOnce(json(200, { accessToken: 'a2', refreshToken: 'r2', expiresIn: 900, user }))
      .mockResolvedValueOnce(json(200, { ok: true }));
    const answer = await new Http(session).get<{ ok: boolean }>('/api/me');
    expect(answer.ok).toBe(true);
    expect(fetchMock.mock.calls[1][0]).toBe('/api/auth/refresh');
    expect(JSON.parse(fetchMock.mock.calls[1][1].body)).toEqual({ refreshToken: 'r1' });
    expect(fetchMock.mock.calls[2][1].headers.Authorization).toBe('Bearer a2');
  });

  it('spends a refresh token once even when several calls need it at the same time', async () => {
    const session = signedIn(10); // expires within the refresh margin
    fetchMock.mockImplementation(async (url: string) =>
      url === '/api/auth/refresh'
        ? json(200, { accessToken: 'a2', refreshToken: 'r2', expiresIn: 900, user })
        : json(200, {}),
    );
    const http = new Http(session);
    await Promise.all([http.get('/api/a'), http.get('/api/b'), http.get('/api/c')]);
    expect(fetchMock.mock.calls.filter(([url]) => url === '/api/auth/refresh')).toHaveLength(1);
  });

  it('adopts the pair another tab already obtained instead of spending the old token', async () => {
    const session = signedIn(10);
    const otherTab = new AuthSession(localStorage);
    otherTab.signIn({ accessToken: 'a9', refreshToken: 'r9', expiresIn: 900, user });
    fetchMock.mockResolvedValue(json(200, {}));
    expect(await session.accessToken()).toBe('a9');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('marks the session expired when the refresh is refused', async () => {
    const session = signedIn();
    fetchMock.mockResolvedValueOnce(json(401, { status: 401 })).mockResolvedValueOnce(json(401, { status: 401 }));
    await expect(new Http(session).get('/api/me')).rejects.toBeInstanceOf(SessionExpiredError);
    expect(session.isExpired).toBe(true);
    expect(session.user).toBeNull();
  });

  it('keeps the session when the refresh fails only because the network is down', async () => {
    const session = signedIn(10);
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    await expect(session.accessToken()).rejects.toThrow('Failed to fetch');
    expect(session.isExpired).toBe(false);
    expect(session.user).toEqual(user);
  });

  it('turns problem details into field errors', async () => {
    const session = signedIn();
    fetchMock.mockResolvedValueOnce(
      json(400, { status: 400, title: 'Bad Request', detail: 'The request has invalid fields.', errors: [{ field: 'name', message: 'must not be blank' }] }),
    );
    const error = (await new Http(session).post('/api/groups', {}).catch((e: unknown) => e)) as ProblemError;
    expect(error.status).toBe(400);
    expect(error.fieldErrors()).toEqual({ name: 'must not be blank' });
  });
});
