package io.parley.command.message;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Turns the names of {@link MentionTokens} into user ids through the command side's own account
 * table, in the order the body names them. Whether those users are members is the conversation's
 * call: it keeps the members among them.
 */
@Component
class MentionLookup {
  private final JdbcTemplate jdbc;

  MentionLookup(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  List<UUID> userIds(List<String> names) {
    if (names.isEmpty()) {
      return List.of();
    }
    Map<String, UUID> byName = new HashMap<>();
    jdbc.query(
        "SELECT username_lower, user_id FROM account_credentials"
            + " WHERE username_lower = ANY (?)",
        rs -> {
          byName.put(rs.getString(1), rs.getObject(2, UUID.class));
        },
        (Object) names.toArray(String[]::new));
    List<UUID> ids = new ArrayList<>();
    for (String name : names) {
      UUID id = byName.get(name);
      if (id != null && !ids.contains(id)) {
        ids.add(id);
      }
    }
    return ids;
  }
}
