package io.parley.query.user;

import io.parley.events.account.UserView;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.query.consistency.ReadBarrier;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class MeController {
  private final Users users;
  private final ReadBarrier barrier;

  MeController(Users users, ReadBarrier barrier) {
    this.users = users;
    this.barrier = barrier;
  }

  @GetMapping("/api/me")
  Map<String, UserView> me(@CurrentUser AuthenticatedUser user) {
    // Right after registering or renaming, the directory may not have the account yet (ADR 0110).
    barrier.awaitAccount(user.userId());
    return Map.of(
        "user",
        users
            .find(user.userId())
            .orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "No such user.")));
  }
}
