import { describe, expect, it } from 'vitest';
import serverProtocol from './push-protocol.json';
import { EVENT_TYPES, type EventType, type PushPayloads } from './types';

// One sample payload per event type, every field set. `satisfies` makes the compiler hold each
// sample to its type in PushPayloads exactly (no missing, no extra fields); the test then holds the
// samples' JSON shapes to the server's (push-protocol.json, written by realtime-push's
// PushTypesTest from the payload records). Together: types.ts cannot drift from the server.
const USER = '00000000-0000-0000-0000-000000000001';
const AT = '2026-01-01T00:00:00Z';
const conversation = {
  conversationId: USER, kind: 'group', name: 'n', topic: 't', visibility: 'private',
  memberCount: 1, createdAt: AT, lastSeq: 1, pictureId: USER, encrypted: false,
} as const;
const SAMPLES = {
  'message.created': {
    messageId: '1', conversationId: USER, seq: 1, senderId: USER, body: 'b', replyToMessageId: '1',
    createdAt: AT, editedAt: AT, deleted: false, reactions: { '👍': 1 },
    attachments: [
      { attachmentId: USER, name: 'a.png', contentType: 'image/png', size: 1, sha256: 'ab', width: 1, height: 1, thumbnail: true },
    ],
    mentions: [USER],
    mentionsEveryone: false,
    ciphertext: 'c',
  },
  'message.updated': { messageId: '1', seq: 1, body: 'b', editedAt: AT, editorId: USER, ciphertext: 'c' },
  'message.deleted': { messageId: '1', seq: 1, deleted: true, deletedAt: AT, actorId: USER },
  'reaction.updated': { messageId: '1', seq: 1, userId: USER, emoji: '👍', reacted: true },
  'conversation.created': conversation,
  'conversation.updated': conversation,
  'conversation.deleted': { conversationId: USER, actorId: USER },
  'member.joined': { userId: USER, role: 'member', actorId: USER },
  'member.left': { userId: USER, actorId: USER },
  'member.role_changed': { userId: USER, role: 'admin', actorId: USER },
  'read.updated': { userId: USER, seq: 1 },
  'delivered.updated': { userId: USER, seq: 1 },
  'typing.started': { userId: USER },
  'presence.updated': { userId: USER, status: 'online', lastSeenAt: AT },
  'user.updated': { userId: USER, username: 'u', displayName: 'U', createdAt: AT, avatarId: USER },
  'keys.changed': { userId: USER },
} satisfies { [T in EventType]: PushPayloads[T] };

function shape(sample: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(sample).map(([field, value]) => [
      field,
      Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value,
    ]),
  );
}

describe('the push protocol', () => {
  it('lists exactly the server event types, in the same order', () => {
    expect([...EVENT_TYPES]).toEqual(serverProtocol.map((entry) => entry.type));
  });

  it.each(serverProtocol.map((entry) => [entry.type, entry] as const))(
    'types the %s payload as the server sends it',
    (type, entry) => {
      expect(shape(SAMPLES[type as EventType])).toEqual(entry.data);
    },
  );
});
