import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, unionMatchesList } from './types';

describe('the WebSocket event union', () => {
  it('has one payload type for every listed event type', () => {
    expect(unionMatchesList).toBe(true);
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
  });
});
