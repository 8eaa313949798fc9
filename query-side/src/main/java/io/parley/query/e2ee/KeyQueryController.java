package io.parley.query.e2ee;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.events.e2ee.BackupKeyView;
import io.parley.events.e2ee.DeviceKeyView;
import io.parley.query.consistency.ReadBarrier;
import io.parley.query.conversation.Conversations;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public key directory of end-to-end encryption (docs/adr/0182): a user's device keys (every
 * one, ended ones included, so clients can verify old signatures and notice changes) and a
 * conversation's current key set, which senders encrypt to.
 */
@RestController
class KeyQueryController {
  @Schema(name = "DeviceKeyPage")
  record DeviceKeyPage(List<DeviceKeyView> items, BackupKeyView backupKey, String nextCursor) {}

  @Schema(name = "ConversationKeys")
  record ConversationKeysView(
      UUID conversationId,
      @Schema(description = "Lowercase hex SHA-256 over the member keys (docs/api.md)")
          String keySetVersion,
      List<DeviceKeyView> devices,
      List<BackupKeyView> backupKeys) {}

  private final KeyDirectory keys;
  private final Conversations conversations;
  private final ReadBarrier barrier;

  KeyQueryController(KeyDirectory keys, Conversations conversations, ReadBarrier barrier) {
    this.keys = keys;
    this.conversations = conversations;
    this.barrier = barrier;
  }

  @GetMapping("/api/users/{userId}/device-keys")
  DeviceKeyPage deviceKeys(@CurrentUser AuthenticatedUser user, @PathVariable String userId) {
    Validator v = new Validator();
    UUID id = v.uuid(userId, "userId");
    v.throwIfInvalid();
    barrier.awaitKeysOf(id);
    if (!keys.userExists(id)) {
      throw new DomainException(ErrorCode.NOT_FOUND, "No such user.");
    }
    return new DeviceKeyPage(keys.deviceKeys(id), keys.backupKey(id).orElse(null), null);
  }

  @GetMapping("/api/conversations/{conversationId}/keys")
  ConversationKeysView conversationKeys(
      @CurrentUser AuthenticatedUser user, @PathVariable String conversationId) {
    Validator v = new Validator();
    UUID id = v.uuid(conversationId, "conversationId");
    v.throwIfInvalid();
    barrier.await(id);
    barrier.awaitKeysInLog();
    if (conversations.require(id, user.userId()).myRole() == null) {
      throw new DomainException(ErrorCode.NOT_FOUND, "No such conversation.");
    }
    KeyDirectory.ConversationKeys found = keys.ofConversation(id);
    return new ConversationKeysView(id, found.keySetVersion(), found.devices(), found.backupKeys());
  }
}
