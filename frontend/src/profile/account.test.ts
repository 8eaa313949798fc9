import { describe, expect, it, vi } from 'vitest';
import { ProblemError, type Http } from '../api/http';
import { AccountClient, problemText, sortSessions, type DeviceSession } from './account';

const session = (id: string, lastUsedAt: string, current = false): DeviceSession => ({
  sessionId: id,
  deviceName: id,
  createdAt: '2026-12-01T00:00:00.000Z',
  lastUsedAt,
  current,
});

describe('the account client', () => {
  it('lists this device first, then the most recently used', () => {
    const sorted = sortSessions([
      session('old', '2026-12-01T01:00:00.000Z'),
      session('mine', '2026-12-01T00:30:00.000Z', true),
      session('new', '2026-12-01T02:00:00.000Z'),
    ]);
    expect(sorted.map((s) => s.sessionId)).toEqual(['mine', 'new', 'old']);
  });

  it('signs out every other session and counts an already ended one as ended', async () => {
    const del = vi.fn(async (path: string) => {
      if (path.endsWith('/gone')) throw new ProblemError({ status: 404, title: 'Not Found', type: 'about:blank', detail: '' });
      return undefined;
    });
    const http = {
      get: vi.fn(async () => ({ items: [session('mine', 'x', true), session('phone', 'y'), session('gone', 'z')], nextCursor: null })),
      delete: del,
    } as unknown as Http;
    expect(await new AccountClient(http).revokeOthers()).toBe(2);
    expect(del.mock.calls.map(([p]) => p).sort()).toEqual(['/api/me/sessions/gone', '/api/me/sessions/phone']);
  });

  it('does not hide a real failure to sign a session out', async () => {
    const http = {
      get: vi.fn(async () => ({ items: [session('mine', 'x', true), session('phone', 'y')], nextCursor: null })),
      delete: vi.fn(async () => {
        throw new ProblemError({ status: 503, title: 'Unavailable', type: 'about:blank', detail: 'busy' });
      }),
    } as unknown as Http;
    await expect(new AccountClient(http).revokeOthers()).rejects.toBeInstanceOf(ProblemError);
  });

  it('deletes the account with the password in the body', async () => {
    const request = vi.fn(async () => undefined);
    await new AccountClient({ request } as unknown as Http).deleteAccount('secret pass');
    expect(request).toHaveBeenCalledWith('DELETE', '/api/me', { password: 'secret pass' });
  });

  it('names the fields a problem lists', () => {
    const error = new ProblemError({
      status: 400,
      title: 'Bad Request',
      type: 'about:blank',
      detail: 'invalid',
      errors: [{ field: 'newPassword', message: 'must be 8 to 128 characters' }],
    });
    expect(problemText(error)).toBe('New password must be 8 to 128 characters');
  });
});
