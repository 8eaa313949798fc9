import { describe, expect, it } from 'vitest';
import contract from '../../../docs/openapi.json';
import { generate } from '../../scripts/openapi-types.mjs';
import type * as Api from './openapi';
import generated from './openapi.ts?raw';
import type {
  Attachment,
  Conversation,
  ConversationDetailsResponse,
  LoginResponse,
  Message,
  Page,
  Presence,
  Problem,
  Role,
  Upload,
  User,
} from './types';
import type { AroundPage, SearchHit, SearchPage } from '../search/types';

// The browser client's REST types against the server's contract (docs/adr/0130). docs/openapi.json
// is the contract the server generates (checked by OpenApiContractTest); openapi.ts is generated
// from it (`npm run openapi`); the hand-written types in types.ts must have exactly the fields of
// the wire types, with the same JSON kinds. A drift fails `tsc` (the assignments below) and this test.

type Kind<T> = [T] extends [string]
  ? 'string'
  : [T] extends [number]
    ? 'number'
    : [T] extends [boolean]
      ? 'boolean'
      : [T] extends [readonly unknown[]]
        ? 'array'
        : [T] extends [object]
          ? 'object'
          : 'unknown';
type Kinds<T> = { [K in keyof T]-?: Kind<NonNullable<T[K]>> };
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** The same field names, each of the same JSON kind (nullability is not compared). */
type Agrees<Client, Server> = Same<Kinds<Client>, Kinds<Server>>;
/** Every field the client reads exists on the server, of the same JSON kind. */
type Within<Client, Server> = Same<Kinds<Client>, Pick<Kinds<Server>, keyof Client & keyof Server>> &
  (Exclude<keyof Client, keyof Server> extends never ? true : false);

const agreements: Record<string, true> = {
  User: true satisfies Agrees<User, Api.UserView>,
  Conversation: true satisfies Agrees<Conversation, Api.ConversationView>,
  ConversationKind: true satisfies Same<Conversation['kind'], Api.ConversationView['kind']>,
  Visibility: true satisfies Same<NonNullable<Conversation['visibility']>, Api.ConversationView['visibility']>,
  Role: true satisfies Same<Role, Api.Member['role']>,
  Message: true satisfies Agrees<Message, Api.MessageView>,
  Attachment: true satisfies Agrees<Attachment, Api.Attachment>,
  Upload: true satisfies Agrees<{ upload: Upload }, Api.Responses['PUT /api/uploads/{uploadId}']>,
  MessagePage: true satisfies Agrees<Page<Message> & Pick<AroundPage, 'newerCursor'>, Api.MessagePage>,
  SearchPage: true satisfies Agrees<SearchPage, Api.MessageSearchPage>,
  SearchHit: true satisfies Agrees<SearchHit, Api.MessageSearchHit>,
  LoginResponse: true satisfies Agrees<LoginResponse, Api.TokenResponse>,
  Presence: true satisfies Agrees<Presence, Api.Presence>,
  ConversationDetailsResponse: true satisfies Agrees<ConversationDetailsResponse, Api.ConversationDetails>,
  Problem: true satisfies Within<Problem, Api.Problem>,
  Me: true satisfies Agrees<{ user: User }, Api.Responses['GET /api/me']>,
  Send: true satisfies Agrees<{ message: Message }, Api.Responses['POST /api/conversations/{conversationId}/messages']>,
};

describe('the REST types', () => {
  it('openapi.ts is generated from the committed contract (run `npm run openapi`)', () => {
    expect(generated).toBe(generate(contract));
  });

  it('the hand-written types agree with the contract', () => {
    expect(Object.values(agreements).every((agreed) => agreed)).toBe(true);
  });
});
