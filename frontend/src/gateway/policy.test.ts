import { describe, expect, it } from 'vitest';
import { MAX_BACKOFF_MS, backoffDelay, decideOnClose, heartbeatDead, isNewEvent, outcomeOf } from './policy';

describe('reconnect decisions', () => {
  it('backs off exponentially with jitter up to a ceiling', () => {
    expect(backoffDelay(0, 1)).toBe(500);
    expect(backoffDelay(0, 0)).toBe(250);
    expect(backoffDelay(3, 1)).toBe(4000);
    expect(backoffDelay(20, 1)).toBe(MAX_BACKOFF_MS);
  });

  it('refreshes the token when identify fails, stops on a refused origin, else resumes', () => {
    expect(decideOnClose(4001, false)).toEqual({ action: 'refresh-then-reconnect' });
    expect(decideOnClose(4008, false).action).toBe('stop');
    expect(decideOnClose(1006, false)).toEqual({ action: 'reconnect', resume: true });
    expect(decideOnClose(1012, false)).toEqual({ action: 'reconnect', resume: true });
    expect(decideOnClose(4002, false)).toEqual({ action: 'reconnect', resume: true });
    expect(decideOnClose(4004, false)).toEqual({ action: 'reconnect', resume: false });
    expect(decideOnClose(4009, false).action).toBe('stop');
    expect(decideOnClose(1013, false)).toEqual({ action: 'reconnect', resume: false });
    expect(decideOnClose(4029, false)).toEqual({ action: 'reconnect', resume: true });
    expect(decideOnClose(1006, true).action).toBe('stop');
  });

  it('resyncs by REST unless a resume replayed everything', () => {
    expect(outcomeOf('ready', false, false)).toBe('fresh');
    expect(outcomeOf('resumed', true, true)).toBe('resumed');
    expect(outcomeOf('invalid_session', true, true)).toBe('resync');
    // The server answered a resume with a new session: events in between are lost.
    expect(outcomeOf('ready', true, true)).toBe('resync');
    expect(outcomeOf('ready', false, true)).toBe('resync');
  });

  it('drops replayed events and declares a silent connection dead', () => {
    expect(isNewEvent(5, 6)).toBe(true);
    expect(isNewEvent(5, 5)).toBe(false);
    expect(heartbeatDead(1)).toBe(false);
    expect(heartbeatDead(2)).toBe(true);
  });
});
