import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ProblemError } from '../api/http';
import { requestJump } from '../search/bus';
import { MAX_QUERY, queryProblem, searchMessages } from '../search/client';
import { snippet } from '../search/highlight';
import { failed, loadingMore, noResults, received, started, summary, type Results } from '../search/results';
import type { SearchHit, SearchScope } from '../search/types';
import { Modal } from './Dialogs';
import { shortWhen } from './format';
import { navigate } from './router';

interface Props {
  get: <T>(path: string) => Promise<T>;
  /** Where to search first: one conversation, or null for all of mine. */
  scope: SearchScope | null;
  onClose: () => void;
}

const DEBOUNCE_MS = 300;

function messageOf(error: unknown): string {
  if (error instanceof ProblemError) {
    const fields = Object.values(error.fieldErrors());
    return fields.length ? `Cannot search: ${fields.join('; ')}` : error.message;
  }
  return 'Search failed. Try again.';
}

/** Search messages (docs/api.md, Search): a query box, results newest first, "Load more". */
export function SearchDialog({ get, scope: initialScope, onClose }: Props) {
  const id = useId();
  const [scope, setScope] = useState<SearchScope | null>(initialScope);
  const [text, setText] = useState('');
  const [results, setResults] = useState<Results>(noResults);
  const state = useRef(results);
  state.current = results;
  const [hint, setHint] = useState<string | null>(null);

  const run = useCallback(
    (query: string, conversationId: string | null, cursor: string | null) => {
      const current = state.current;
      // The same search again (Enter, then the typing pause) is not asked twice.
      if (!cursor && current.query === query.trim() && current.conversationId === conversationId && (current.status === 'loading' || current.status === 'done')) {
        return;
      }
      const next = cursor ? loadingMore(current) : started(current, query, conversationId);
      if (next === current) return;
      state.current = next;
      setResults(next);
      const request = next.request;
      searchMessages(get, next.query, { conversationId, cursor })
        .then((page) => setResults((s) => received(s, request, page)))
        .catch((error) => setResults((s) => failed(s, request, messageOf(error))));
    },
    [get],
  );

  // Searches as one types, after a short pause; Enter searches at once.
  useEffect(() => {
    const problem = queryProblem(text);
    if (problem) {
      setHint(text.trim() ? problem : null);
      return;
    }
    setHint(null);
    const timer = setTimeout(() => run(text, scope?.conversationId ?? null, null), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, scope, run]);

  function submit(e: FormEvent) {
    e.preventDefault();
    const problem = queryProblem(text);
    setHint(problem);
    if (!problem) run(text, scope?.conversationId ?? null, null);
  }

  function open(hit: SearchHit) {
    requestJump(hit.conversationId, { seq: hit.seq });
    onClose();
    navigate(`/c/${hit.conversationId}`);
  }

  const status = summary(results);
  return (
    <Modal title={scope ? `Search in ${scope.title}` : 'Search messages'} onClose={onClose}>
      <form role="search" className="stack search-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-query`}>{scope ? `Search messages in ${scope.title}` : 'Search all your conversations'}</label>
          <input
            id={`${id}-query`}
            type="search"
            value={text}
            autoFocus
            maxLength={MAX_QUERY * 2}
            onChange={(e) => setText(e.target.value)}
            aria-describedby={`${id}-status`}
            aria-invalid={hint ? true : undefined}
          />
          {hint && <small className="field-error">{hint}</small>}
        </div>
        {!scope && (
          <p className="muted search-e2ee-note">
            Messages in end-to-end encrypted conversations are not searched: the server cannot read them.
          </p>
        )}
        {scope && (
          <p className="search-scope">
            Only in <strong>{scope.title}</strong>.{' '}
            <button type="button" className="link" onClick={() => setScope(null)}>
              Search all conversations
            </button>
          </p>
        )}
      </form>
      <p id={`${id}-status`} className="muted search-status" role="status" aria-live="polite">
        {status}
      </p>
      {results.items.length > 0 && (
        <ul className="search-results" aria-label="Search results" data-testid="search-results">
          {results.items.map((hit) => (
            <li key={`${hit.conversationId}/${hit.seq}`}>
              <button type="button" className="search-hit" onClick={() => open(hit)}>
                <span className="search-hit-head">
                  <strong>{hit.conversationName ?? (hit.conversationKind === 'direct' ? 'Direct message' : 'Group')}</strong>
                  <span className="muted">{hit.senderName ?? 'Someone'}</span>
                  <time dateTime={hit.createdAt}>{shortWhen(hit.createdAt)}</time>
                </span>
                <span className="search-snippet">
                  {snippet(hit.body, hit.highlights).map((piece, i) =>
                    piece.match ? <mark key={i}>{piece.text}</mark> : <span key={i}>{piece.text}</span>,
                  )}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {results.nextCursor && (
        <button
          type="button"
          className="load-more"
          disabled={results.status === 'loading'}
          onClick={() => run(results.query, results.conversationId, results.nextCursor)}
        >
          Load more results
        </button>
      )}
    </Modal>
  );
}
