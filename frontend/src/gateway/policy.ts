// Decisions of the WebSocket client, separate from the socket so they are unit tested.

export const MAX_BACKOFF_MS = 30_000;
const BASE_BACKOFF_MS = 500;

/** Exponential backoff with jitter, so many tabs do not reconnect in lockstep after an outage. */
export function backoffDelay(attempt: number, random: number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempt));
  return Math.round(ceiling * (0.5 + random / 2));
}

export type CloseDecision =
  | { action: 'reconnect'; resume: boolean }
  | { action: 'refresh-then-reconnect' }
  | { action: 'stop'; reason: string };

/** What to do when the socket closes with this code (codes from the contract). */
export function decideOnClose(code: number, closedByUs: boolean): CloseDecision {
  if (closedByUs) return { action: 'stop', reason: 'closed by the client' };
  switch (code) {
    case 4001:
      return { action: 'refresh-then-reconnect' };
    case 4008:
      return { action: 'stop', reason: 'this page’s origin is not allowed by the server' };
    case 4009:
      // Replaced by a newer socket of the account (too many tabs or devices): reconnecting would
      // in turn displace another one.
      return { action: 'stop', reason: 'this account connected on too many devices or tabs' };
    case 1013:
      // The server ended the session to stay within its memory: nothing to resume.
      return { action: 'reconnect', resume: false };
    case 4004:
      // Malformed or refused frame: the session state is suspect, start clean.
      return { action: 'reconnect', resume: false };
    default:
      return { action: 'reconnect', resume: true };
  }
}

export interface ResumePoint {
  sessionId: string;
  lastEventId: number;
}

export type ReadyOutcome = 'fresh' | 'resumed' | 'resync';

/**
 * After identify the server says `ready` (a new session), `resumed` (every missed event was
 * replayed) or `invalid_session`. Anything but a successful resume of an earlier session means
 * events may have been missed, so the client must resync by REST.
 */
export function outcomeOf(
  frame: 'ready' | 'resumed' | 'invalid_session',
  askedToResume: boolean,
  everConnected: boolean,
): ReadyOutcome {
  if (frame === 'resumed') return 'resumed';
  if (frame === 'invalid_session') return 'resync';
  return askedToResume || everConnected ? 'resync' : 'fresh';
}

/** Event ids strictly increase within a session; anything else is a replayed duplicate. */
export function isNewEvent(lastEventId: number, eventId: number): boolean {
  return eventId > lastEventId;
}

/** Two missed heartbeat acks mean the connection is dead even if the socket has not noticed. */
export function heartbeatDead(unackedBeats: number): boolean {
  return unackedBeats >= 2;
}
