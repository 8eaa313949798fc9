import { describe, expect, it } from 'vitest';
import serverList from './event-types.json';
import { EVENT_TYPES, unionMatchesList } from './types';

describe('the WebSocket event union', () => {
  it('lists exactly the event types of the server contract, in the same order', () => {
    expect([...EVENT_TYPES]).toEqual(serverList);
  });

  it('has one union member for every listed type', () => {
    expect(unionMatchesList).toBe(true);
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_TYPES.length);
  });
});
