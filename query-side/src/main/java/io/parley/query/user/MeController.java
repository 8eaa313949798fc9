package io.parley.query.user;

import io.parley.events.account.UserView;
import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class MeController {
  private final Users users;

  MeController(Users users) {
    this.users = users;
  }

  @GetMapping("/api/me")
  Map<String, UserView> me(@CurrentUser AuthenticatedUser user) {
    return Map.of(
        "user",
        users
            .find(user.userId())
            .orElseThrow(() -> new DomainException(ErrorCode.NOT_FOUND, "No such user.")));
  }
}
