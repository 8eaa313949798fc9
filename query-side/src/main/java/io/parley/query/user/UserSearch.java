package io.parley.query.user;

import io.parley.events.account.UserView;
import io.parley.support.text.WellFormedText;
import io.swagger.v3.oas.annotations.media.Schema;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Finds users by username or display name: exact username first, then username prefixes, then
 * display-name (word) prefixes, then fuzzy (trigram) matches, each tier by similarity. Pages by a
 * keyset cursor over that order, never by offset, so a page costs the same however deep it is.
 */
@Repository
class UserSearch {
  @Schema(name = "UserPage")
  record Page(List<UserView> items, String nextCursor) {}

  /** Where the previous page stopped, and which query it belongs to. */
  record Cursor(int tier, int score, String nameKey, UUID userId, int queryHash) {
    String encode() {
      String raw = queryHash + "|" + tier + "|" + score + "|" + userId + "|" + nameKey;
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Optional<Cursor> decode(String cursor) {
      try {
        String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        if (!WellFormedText.isWellFormed(raw)) {
          return Optional.empty(); // a crafted NUL would reach Postgres
        }
        String[] parts = raw.split("\\|", 5);
        return Optional.of(
            new Cursor(
                Integer.parseInt(parts[1]),
                Integer.parseInt(parts[2]),
                parts[4],
                UUID.fromString(parts[3]),
                Integer.parseInt(parts[0])));
      } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
        return Optional.empty();
      }
    }
  }

  private static final String RANKED =
      "SELECT user_id, username, display_name, created_at, avatar_id,"
          + " CASE WHEN lower(username) = :q THEN 0"
          + "  WHEN lower(username) LIKE :prefix THEN 1"
          + "  WHEN lower(display_name) LIKE :prefix OR lower(display_name) LIKE :wordPrefix THEN 2"
          + "  ELSE 3 END AS tier,"
          + " -CAST(round(CAST(greatest(similarity(lower(username), :q),"
          + "  word_similarity(:q, lower(display_name))) AS numeric) * 1000) AS integer) AS score,"
          + " lower(username) AS name_key"
          + " FROM directory_user"
          + " WHERE deleted_at IS NULL AND (lower(username) LIKE :prefix"
          + "  OR lower(display_name) LIKE :prefix OR lower(display_name) LIKE :wordPrefix"
          + "  OR lower(username) % :q OR :q <% lower(display_name))";

  private static final String EVERYONE =
      "SELECT user_id, username, display_name, created_at, avatar_id, 0 AS tier, 0 AS score,"
          + " lower(username) AS name_key FROM directory_user WHERE deleted_at IS NULL";

  private final NamedParameterJdbcTemplate jdbc;

  UserSearch(NamedParameterJdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  static int queryHash(String query) {
    return normalize(query).hashCode();
  }

  /** {@code after} must come from the same query (the caller checks its hash). */
  Page search(String query, int limit, Optional<Cursor> after) {
    String q = normalize(query);
    MapSqlParameterSource params =
        new MapSqlParameterSource()
            .addValue("q", q)
            .addValue("prefix", escapeLike(q) + "%")
            .addValue("wordPrefix", "% " + escapeLike(q) + "%")
            .addValue("limit", limit + 1);
    StringBuilder sql =
        new StringBuilder("SELECT * FROM (")
            .append(q.isEmpty() ? EVERYONE : RANKED)
            .append(") ranked");
    after.ifPresent(
        cursor -> {
          sql.append(
              " WHERE (tier, score, name_key COLLATE \"C\", user_id)"
                  + " > (:tier, :score, :nameKey COLLATE \"C\", :userId)");
          params
              .addValue("tier", cursor.tier())
              .addValue("score", cursor.score())
              .addValue("nameKey", cursor.nameKey())
              .addValue("userId", cursor.userId());
        });
    sql.append(" ORDER BY tier, score, name_key COLLATE \"C\", user_id LIMIT :limit");
    List<Cursor> positions = new ArrayList<>();
    List<UserView> users =
        jdbc.query(
            sql.toString(),
            params,
            (rs, i) -> {
              positions.add(
                  new Cursor(
                      rs.getInt("tier"),
                      rs.getInt("score"),
                      rs.getString("name_key"),
                      rs.getObject("user_id", UUID.class),
                      q.hashCode()));
              return Users.view(rs);
            });
    if (users.size() <= limit) {
      return new Page(users, null);
    }
    return new Page(users.subList(0, limit), positions.get(limit - 1).encode());
  }

  private static String normalize(String query) {
    return query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
  }

  static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
