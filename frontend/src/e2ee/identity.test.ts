import { describe, expect, it } from 'vitest';
import { sessionIdOf } from './identity';

const jwt = (claims: object) =>
  `eyJhbGciOiJFZERTQSJ9.${btoa(JSON.stringify(claims)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}.sig`;

describe('the device session of the access token', () => {
  it('reads the sid claim', () => {
    expect(sessionIdOf(jwt({ sub: 'u', sid: '4f0c2f5e-1111-4000-8000-000000000001' }))).toBe('4f0c2f5e-1111-4000-8000-000000000001');
  });
  it('is null without one', () => {
    expect(sessionIdOf(jwt({ sub: 'u' }))).toBeNull();
    expect(sessionIdOf('not a token')).toBeNull();
  });
});
