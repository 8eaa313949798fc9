import { useEffect, useId, useRef, useState } from 'react';
import type { Message } from '../api/types';

const MAX_CODE_POINTS = 4000;

export function draftKey(conversationId: string): string {
  return `parley.draft.${conversationId}`;
}

interface Props {
  conversationId: string;
  label: string;
  replyTo: { message: Message; name: string } | null;
  onCancelReply: () => void;
  onSend: (body: string) => void;
  onTyping: () => void;
}

/** Enter sends, Shift+Enter adds a line. The draft is kept per conversation across reloads and re-logins. */
export function Composer({ conversationId, label, replyTo, onCancelReply, onSend, onTyping }: Props) {
  const [text, setText] = useState(() => localStorage.getItem(draftKey(conversationId)) ?? '');
  const ref = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const length = Array.from(text).length;
  const tooLong = length > MAX_CODE_POINTS;

  useEffect(() => {
    if (text) localStorage.setItem(draftKey(conversationId), text);
    else localStorage.removeItem(draftKey(conversationId));
  }, [conversationId, text]);

  useEffect(() => {
    if (replyTo) ref.current?.focus();
  }, [replyTo]);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = `${Math.min(el.scrollHeight, 200)}px`;
  }, [text]);

  function submit() {
    if (!text.trim() || tooLong) return;
    onSend(text);
    setText('');
  }

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {replyTo && (
        <div className="replying" role="status">
          <span>
            Replying to <strong>{replyTo.name}</strong>: {(replyTo.message.body ?? '').slice(0, 80)}
          </span>
          <button type="button" className="ghost" onClick={onCancelReply} aria-label="Cancel reply">
            ✕
          </button>
        </div>
      )}
      <div className="composer-row">
        <label htmlFor={id} className="sr-only">
          {label}
        </label>
        <textarea
          id={id}
          ref={ref}
          rows={1}
          value={text}
          placeholder={label}
          aria-describedby={tooLong ? `${id}-count` : undefined}
          aria-invalid={tooLong || undefined}
          onChange={(e) => {
            setText(e.target.value);
            if (e.target.value) onTyping();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              submit();
            }
            if (e.key === 'Escape' && replyTo) onCancelReply();
          }}
        />
        <button type="submit" className="primary" disabled={!text.trim() || tooLong}>
          Send
        </button>
      </div>
      {length > MAX_CODE_POINTS - 200 && (
        <small id={`${id}-count`} className={tooLong ? 'field-error' : 'hint'}>
          {length} / {MAX_CODE_POINTS}
        </small>
      )}
    </form>
  );
}
