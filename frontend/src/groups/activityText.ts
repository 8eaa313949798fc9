import type { Activity } from './api';

/** The grey line a system entry shows as ("Alice added Bob"). `me` reads as "You". */
export function activityText(a: Activity, me: string): string {
  const actor = a.actorId === me ? 'You' : (a.actorName ?? 'Someone');
  const user = a.userId === me ? (a.actorId === me ? 'yourself' : 'you') : (a.userName ?? 'someone');
  const subject = a.userId === me ? 'You' : (a.userName ?? 'Someone');
  switch (a.kind) {
    case 'created':
      return `${actor} created the group${a.detail ? ` “${a.detail}”` : ''}`;
    case 'joined':
      return `${subject} joined`;
    case 'joined_by_invite':
      return `${subject} joined via invite link`;
    case 'added':
      return `${actor} added ${user}`;
    case 'left':
      return `${subject} left`;
    case 'removed':
      return `${actor} removed ${user}`;
    case 'role_changed':
      return `${actor} made ${user} ${a.detail === 'admin' ? 'an admin' : a.detail === 'owner' ? 'the owner' : 'a member'}`;
    case 'renamed':
      return `${actor} renamed the group to “${a.detail ?? ''}”`;
    case 'topic_changed':
      return a.detail ? `${actor} changed the topic to “${a.detail}”` : `${actor} cleared the topic`;
    case 'visibility_changed':
      return `${actor} made the group ${a.detail ?? ''}`.trim();
    case 'picture_changed':
      return `${actor} changed the group picture`;
    case 'picture_removed':
      return `${actor} removed the group picture`;
    default:
      return `${actor} changed the group`; // a kind newer than this client
  }
}

/**
 * Which entries belong between the loaded messages: those after a loaded seq (or before the first
 * when the history starts there), in order. Entries anchored after the newest loaded message show
 * at the end (they happened after it).
 */
export function entriesInRange(activity: Activity[], firstSeq: number | null, hasOlder: boolean): Activity[] {
  if (firstSeq === null) return hasOlder ? [] : activity;
  return activity.filter((a) => !hasOlder || a.afterSeq >= firstSeq - 1);
}
