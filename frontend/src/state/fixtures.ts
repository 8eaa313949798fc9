import type { Conversation, Message } from '../api/types';

export const ME = '00000000-0000-4000-8000-000000000001';
export const ALICE = '00000000-0000-4000-8000-000000000002';
export const CONV = '00000000-0000-4000-8000-0000000000c1';

export function message(seq: number, overrides: Partial<Message> = {}): Message {
  return {
    messageId: String(1000 + seq),
    conversationId: CONV,
    seq,
    senderId: ALICE,
    body: `message ${seq}`,
    replyToMessageId: null,
    createdAt: new Date(Date.UTC(2026, 10, 23, 8, 0, seq)).toISOString(),
    editedAt: null,
    deleted: false,
    reactions: {},
    attachments: [],
    ...overrides,
  };
}

export function conversation(overrides: Partial<Conversation> = {}): Conversation {
  return {
    conversationId: CONV,
    kind: 'group',
    name: 'Team',
    topic: '',
    visibility: 'private',
    memberCount: 2,
    createdAt: '2026-11-23T07:00:00.000Z',
    lastSeq: 0,
    pictureId: null,
    ...overrides,
  };
}
