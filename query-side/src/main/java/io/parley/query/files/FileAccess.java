package io.parley.query.files;

import io.parley.events.message.Attachment;
import io.parley.query.consistency.ReadBarrier;
import io.parley.query.conversation.Conversations;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Who may fetch a file (docs/api.md "Files"): anyone signed in for a current avatar; whoever may
 * see the group for its current picture; whoever may read a conversation's history (its members,
 * anyone for a public group) for the attachments of its messages that are not deleted. Nobody else,
 * and the answer does not say whether the id exists.
 *
 * <p>Read-your-push (docs/adr/0146): a client that was pushed a message with a file, or was just
 * added to a group, fetches at once. The read first waits, as history does, until the file read
 * models have every event of the conversations (or the account, for an avatar) the file belongs to,
 * so a deletion or a replaced avatar also ends access at once; an id they do not know yet waits
 * until they have the whole log as it was when the request came.
 */
@Component
class FileAccess {
  private final FileGrants grants;
  private final Conversations conversations;
  private final ReadBarrier barrier;

  FileAccess(FileGrants grants, Conversations conversations, ReadBarrier barrier) {
    this.grants = grants;
    this.conversations = conversations;
    this.barrier = barrier;
  }

  /** The file's description when {@code viewerId} may fetch it, else a 404. */
  Attachment require(UUID attachmentId, UUID viewerId) {
    List<FileGrants.Grant> found = grants.of(attachmentId);
    if (found.isEmpty()) {
      barrier.awaitFilesInLog();
      found = grants.of(attachmentId);
    }
    if (!found.isEmpty()) {
      Set<UUID> owners = new LinkedHashSet<>();
      found.forEach(grant -> owners.add(grant.ownerId()));
      owners.forEach(barrier::awaitFiles);
      found = grants.of(attachmentId);
    }
    for (FileGrants.Grant grant : found) {
      if (grant.through() == FileGrants.Through.AVATAR
          || conversations.visible(grant.ownerId(), viewerId)) {
        return grant.attachment();
      }
    }
    throw FileController.notFound();
  }
}
