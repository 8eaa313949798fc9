import { afterEach, describe, expect, it, vi } from 'vitest';
import { newId } from './ids';

describe('newId', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('makes version-4 UUIDs the server accepts as clientMessageId', () => {
    const id = newId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newId()).not.toBe(id);
  });

  it('works where crypto.randomUUID is missing, as on a plain-http LAN address', () => {
    vi.stubGlobal('crypto', { getRandomValues: (b: Uint8Array) => b.fill(0xff) });
    expect(newId()).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });

  it('sets the version and variant bits whatever the random bytes are', () => {
    expect(newId((b) => b.fill(0))).toBe('00000000-0000-4000-8000-000000000000');
  });
});
