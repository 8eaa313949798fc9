import { useEffect, useId, useRef, useState, useSyncExternalStore, type ClipboardEvent } from 'react';
import type { Message, Upload } from '../api/types';
import { MAX_ATTACHMENTS, pastedName } from '../files/rules';
import { shownText } from './format';
import type { QueueState, UploadQueue } from '../files/uploadQueue';
import { PaperclipIcon } from './FileBadge';
import { PendingAttachments } from './PendingAttachments';
import type { Candidate } from '../mentions/parse';
import { useMentionAutocomplete } from '../mentions/useMentionAutocomplete';

const MAX_CODE_POINTS = 4000;
const NO_QUEUE: QueueState = { items: [], notice: null };
const noSubscription = () => () => {};
const NO_MEMBERS: Candidate[] = [];

export function draftKey(conversationId: string): string {
  return `parley.draft.${conversationId}`;
}

interface Props {
  conversationId: string;
  label: string;
  replyTo: { message: Message; name: string } | null;
  onCancelReply: () => void;
  onSend: (body: string, uploads: Upload[]) => void;
  onTyping: () => void;
  /** The files attached to the next message; without it the composer sends text only. */
  queue?: UploadQueue | null;
  /** Members the `@` autocomplete offers (src/mentions). */
  members?: Candidate[];
  myUserId?: string;
}

/** Files pasted from the clipboard; pasted images get a name saying when (theirs is "image.png"). */
export function pastedFiles(data: DataTransfer | null, now = new Date()): File[] {
  if (!data) return [];
  const files = Array.from(data.files ?? []);
  const picked = files.length
    ? files
    : Array.from(data.items ?? [])
        .filter((i) => i.kind === 'file')
        .map((i) => i.getAsFile())
        .filter((f): f is File => f !== null);
  return picked.map((f) => (f.type.startsWith('image/') ? new File([f], pastedName(f.type, now), { type: f.type }) : f));
}

/**
 * Enter sends, Shift+Enter adds a line. The draft is kept per conversation across reloads and
 * re-logins. Files are attached with the button, by pasting or by dropping them on the
 * conversation; they upload at once, and Send waits for them.
 */
export function Composer({ conversationId, label, replyTo, onCancelReply, onSend, onTyping, queue = null, members = NO_MEMBERS, myUserId = '' }: Props) {
  const [text, setText] = useState(() => localStorage.getItem(draftKey(conversationId)) ?? '');
  const [waiting, setWaiting] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const id = useId();
  const files = useSyncExternalStore(queue?.subscribe ?? noSubscription, queue?.getState ?? (() => NO_QUEUE));
  const length = Array.from(text).length;
  const tooLong = length > MAX_CODE_POINTS;
  const hasFiles = files.items.length > 0;
  const failed = files.items.some((i) => i.status === 'failed');
  const uploading = files.items.some((i) => i.status === 'uploading');
  const canSend = (!!text.trim() || hasFiles) && !tooLong && !failed;
  const mention = useMentionAutocomplete({ text, setText, input: ref, members, myUserId, listId: `${id}-mentions` });

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

  // Send was pressed while files were still uploading: send once they are all up, not if one failed.
  useEffect(() => {
    if (!waiting) return;
    if (failed || !hasFiles) setWaiting(false);
    else if (!uploading) {
      setWaiting(false);
      submit();
    }
  });

  function submit() {
    if (!canSend) return;
    if (hasFiles && !queue!.ready) {
      setWaiting(true);
      return;
    }
    onSend(text, hasFiles ? queue!.take() : []);
    setText('');
  }

  function onPaste(e: ClipboardEvent<HTMLTextAreaElement>) {
    if (!queue) return;
    const pasted = pastedFiles(e.clipboardData);
    if (pasted.length === 0) return;
    if (!e.clipboardData.types.includes('text/plain')) e.preventDefault();
    queue.add(pasted);
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
            Replying to <strong>{replyTo.name}</strong>: {shownText(replyTo.message).slice(0, 80)}
          </span>
          <button type="button" className="ghost" onClick={onCancelReply} aria-label="Cancel reply">
            ✕
          </button>
        </div>
      )}
      {queue && <PendingAttachments queue={queue} items={files.items} />}
      {files.notice && (
        <p className="form-error" role="alert">
          {files.notice}{' '}
          <button type="button" className="link" onClick={() => queue?.dismissNotice()}>
            OK
          </button>
        </p>
      )}
      {mention.list}
      <div className="composer-row">
        {queue && (
          <>
            <input
              ref={fileInput}
              id={`${id}-files`}
              type="file"
              multiple
              className="sr-only"
              tabIndex={-1}
              aria-label="Files to attach"
              onChange={(e) => {
                queue.add(Array.from(e.target.files ?? []));
                e.target.value = '';
              }}
            />
            <button
              type="button"
              className="ghost attach"
              onClick={() => fileInput.current?.click()}
              disabled={files.items.length >= MAX_ATTACHMENTS}
              aria-label="Attach files"
              title={`Attach files (up to ${MAX_ATTACHMENTS})`}
            >
              <PaperclipIcon />
            </button>
          </>
        )}
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
          {...(mention.open ? mention.inputProps : {})}
          onChange={(e) => {
            setText(e.target.value);
            mention.track();
            if (e.target.value) onTyping();
          }}
          onSelect={mention.track}
          onClick={mention.track}
          onPaste={onPaste}
          onKeyDown={(e) => {
            if (mention.onKeyDown(e)) return;
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              submit();
            }
            if (e.key === 'Escape' && replyTo) onCancelReply();
          }}
        />
        <button type="submit" className="primary" disabled={!canSend || waiting} aria-describedby={waiting ? `${id}-waiting` : undefined}>
          {waiting ? 'Sending…' : 'Send'}
        </button>
      </div>
      {waiting && (
        <small id={`${id}-waiting`} className="hint" role="status">
          Sending when the uploads finish…
        </small>
      )}
      {failed && !waiting && (
        <small className="field-error">Remove or retry the files that did not upload, then send.</small>
      )}
      {length > MAX_CODE_POINTS - 200 && (
        <small id={`${id}-count`} className={tooLong ? 'field-error' : 'hint'}>
          {length} / {MAX_CODE_POINTS}
        </small>
      )}
    </form>
  );
}
