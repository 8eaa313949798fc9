import { memo, useState } from 'react';
import type { Attachment, Message } from '../api/types';
import { humanSize } from '../files/rules';
import type { PendingMessage, Receipt } from '../state/timeline';
import { Attachments } from './Attachments';
import { Avatar } from './Avatar';
import { FileBadge } from './FileBadge';
import { MentionText } from '../mentions/MentionText';
import { Linkified } from './Linkified';
import { shownText, timeLabel } from './format';
import type { RevealedMessage } from '../encryption/decryptions';
import { UnreadableBody } from '../encryption/parts';

export const REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '😢'];

interface Props {
  message: Message;
  senderName: string;
  senderAvatarId: string | null;
  showHeader: boolean;
  mine: boolean;
  canDelete: boolean;
  /** Name of the quoted message's sender, or null when this message is no reply. */
  replyName: string | null;
  replyMessage: Message | null;
  /** Shows the quoted message (a jump, docs/adr/0151). */
  onQuote?: (m: Message) => void;
  receipt: Receipt | null;
  readBy: number;
  direct: boolean;
  myReactions: Record<string, true>;
  onReply: (m: Message) => void;
  onEdit: (m: Message, body: string) => Promise<void>;
  onDelete: (m: Message) => void;
  onReact: (m: Message, emoji: string) => void;
  onOpenImage: (a: Attachment) => void;
}

export const MessageRow = memo(function MessageRow(props: Props) {
  const { message: m, mine, showHeader } = props;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Older servers send no `attachments`; a deleted message shows none. */
  const files = m.attachments ?? [];
  /** In an encrypted conversation: readable, still decrypting, or why not (src/encryption). */
  const reveal = (m as RevealedMessage).reveal;
  const readable = !reveal || reveal.state === 'ok';

  async function save() {
    try {
      await props.onEdit(m, draft);
      setEditing(false);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Could not save the edit.');
    }
  }

  return (
    <div className={`msg${showHeader ? ' first' : ''}${mine ? ' mine' : ''}`} data-seq={m.seq} data-testid="message">
      <div className="msg-gutter">{showHeader && <Avatar id={m.senderId} name={props.senderName} imageId={props.senderAvatarId} />}</div>
      <div className="msg-main">
        {showHeader && (
          <div className="msg-head">
            <strong className="sender">{props.senderName}</strong>
            <time dateTime={m.createdAt}>{timeLabel(m.createdAt)}</time>
          </div>
        )}
        {props.replyName !== null && (
          <blockquote className="quote" aria-label={`In reply to ${props.replyName}`}>
            {props.onQuote ? (
              <button type="button" className="quote-link" onClick={() => props.onQuote!(m)} title="Show the quoted message">
                <strong>{props.replyName}</strong>{' '}
                {props.replyMessage ? shownText(props.replyMessage).slice(0, 140) : 'an earlier message'}
              </button>
            ) : (
              <>
                <strong>{props.replyName}</strong>{' '}
                {props.replyMessage ? shownText(props.replyMessage).slice(0, 140) : 'an earlier message'}
              </>
            )}
          </blockquote>
        )}
        {m.deleted ? (
          <p className="body deleted">This message was deleted.</p>
        ) : editing ? (
          <div className="edit">
            <label className="sr-only" htmlFor={`edit-${m.messageId}`}>
              Edit message
            </label>
            <textarea
              id={`edit-${m.messageId}`}
              value={draft}
              autoFocus
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                  e.preventDefault();
                  void save();
                }
                if (e.key === 'Escape') setEditing(false);
              }}
            />
            <div className="row-actions-inline">
              <button type="button" className="primary" onClick={() => void save()}>
                Save
              </button>
              <button type="button" onClick={() => setEditing(false)}>
                Cancel
              </button>
            </div>
            {error && <p className="form-error" role="alert">{error}</p>}
          </div>
        ) : !readable ? (
          <UnreadableBody reveal={reveal!} />
        ) : (
          (m.body || files.length === 0) && (
            <p className="body">
              <MentionText message={m} />
              {m.editedAt && <span className="edited"> (edited)</span>}
            </p>
          )
        )}
        {!m.deleted && <Attachments attachments={files} onOpenImage={props.onOpenImage} />}
        {Object.keys(m.reactions).length > 0 && (
          <ul className="reactions" aria-label="Reactions">
            {Object.entries(m.reactions).map(([emoji, count]) => (
              <li key={emoji}>
                <button
                  type="button"
                  className={props.myReactions[`${m.messageId}:${emoji}`] ? 'chip mine' : 'chip'}
                  aria-pressed={!!props.myReactions[`${m.messageId}:${emoji}`]}
                  aria-label={`${emoji} ${count}`}
                  onClick={() => props.onReact(m, emoji)}
                >
                  {emoji} {count}
                </button>
              </li>
            ))}
          </ul>
        )}
        {mine && props.receipt && (
          <span className={`receipt ${props.receipt}`} data-testid="receipt" data-state={props.receipt}>
            {props.receipt === 'read'
              ? props.direct
                ? '✓✓ Read'
                : `Read by ${props.readBy}`
              : props.receipt === 'delivered'
                ? '✓✓ Delivered'
                : '✓ Sent'}
          </span>
        )}
        {picking && (
          <div className="picker" role="group" aria-label="Pick a reaction">
            {REACTIONS.map((emoji) => (
              <button
                key={emoji}
                type="button"
                aria-label={`React ${emoji}`}
                onClick={() => {
                  setPicking(false);
                  props.onReact(m, emoji);
                }}
              >
                {emoji}
              </button>
            ))}
          </div>
        )}
      </div>
      {!m.deleted && !editing && (
        <div className="msg-actions" role="group" aria-label="Message actions">
          <button type="button" onClick={() => props.onReply(m)} aria-label="Reply">
            ↩
          </button>
          <button type="button" onClick={() => setPicking((p) => !p)} aria-label="React" aria-expanded={picking}>
            ☺
          </button>
          {mine && readable && (
            <button
              type="button"
              aria-label="Edit"
              onClick={() => {
                setDraft(m.body ?? '');
                setEditing(true);
              }}
            >
              ✎
            </button>
          )}
          {props.canDelete && (
            <button type="button" aria-label="Delete" onClick={() => props.onDelete(m)}>
              ✕
            </button>
          )}
        </div>
      )}
    </div>
  );
});

export function PendingRow({ p, onRetry, onDiscard }: { p: PendingMessage; onRetry: () => void; onDiscard: () => void }) {
  return (
    <div className={`msg mine pending ${p.status}`} data-testid="pending-message" data-status={p.status}>
      <div className="msg-gutter" />
      <div className="msg-main">
        {(p.body || p.attachments.length === 0) && (
          <p className="body">
            <Linkified text={p.body} />
          </p>
        )}
        {p.attachments.length > 0 && (
          <ul className="attachment-files" aria-label="Files">
            {p.attachments.map((a) => (
              <li key={a.attachmentId} className="file-card pending-file">
                <FileBadge contentType={a.contentType} name={a.name} />
                <span className="file-card-text">
                  <span className="file-card-name">{a.name}</span>
                  <small className="muted">{humanSize(a.size)}</small>
                </span>
              </li>
            ))}
          </ul>
        )}
        {p.status === 'pending' ? (
          <span className="receipt" data-state="pending">
            Sending…
          </span>
        ) : (
          <span className="send-failed" role="alert">
            {p.error ?? 'Not sent.'}{' '}
            <button type="button" className="link" onClick={onRetry}>
              Retry
            </button>{' '}
            <button type="button" className="link" onClick={onDiscard}>
              Discard
            </button>
          </span>
        )}
      </div>
    </div>
  );
}
