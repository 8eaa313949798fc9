package io.parley.query.conversation;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.query.consistency.ReadBarrier;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A group's bans, for its owner and admins only (docs/adr/0101), read past the read barrier like
 * the group's invites.
 */
@RestController
class BanQueryController {
  private final Conversations conversations;
  private final Bans bans;
  private final ReadBarrier barrier;

  BanQueryController(Conversations conversations, Bans bans, ReadBarrier barrier) {
    this.conversations = conversations;
    this.bans = bans;
    this.barrier = barrier;
  }

  @GetMapping("/api/groups/{groupId}/bans")
  Bans.Page bans(
      @CurrentUser AuthenticatedUser user,
      @PathVariable String groupId,
      @RequestParam(defaultValue = "50") String limit,
      @RequestParam(required = false) String cursor) {
    Validator v = new Validator();
    UUID id = v.uuid(groupId, "groupId");
    int size = Limits.parse(v, limit);
    v.throwIfInvalid();
    Object[] after = Bans.parseCursor(cursor);
    barrier.awaitActivity(id); // a ban or unban answered a moment ago is in the list
    Conversations.Seen seen = conversations.require(id, user.userId());
    if (!"group".equals(seen.conversation().kind())) {
      throw new DomainException(ErrorCode.NOT_FOUND, "No such group.");
    }
    if (!"owner".equals(seen.myRole()) && !"admin".equals(seen.myRole())) {
      throw new DomainException(ErrorCode.FORBIDDEN, "Only owners and admins see a group's bans.");
    }
    return bans.page(id, size, after);
  }
}
