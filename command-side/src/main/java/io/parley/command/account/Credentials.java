package io.parley.command.account;

import io.parley.events.account.UserView;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The command side's credentials table, which doubles as the username/email uniqueness set. */
@Repository
class Credentials {
  record Row(
      UUID userId,
      String username,
      String displayName,
      String passwordHash,
      Instant createdAt,
      UUID avatarId) {
    UserView view() {
      return new UserView(userId, username, displayName, createdAt, avatarId);
    }
  }

  enum Taken {
    USERNAME,
    EMAIL,
    NONE
  }

  static final class TakenException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final Taken what;

    TakenException(Taken what) {
      super(what.name(), null, false, false);
      this.what = what;
    }
  }

  /** How a deleted account is shown wherever a name is needed. */
  static final String DELETED_NAME = "Deleted user";

  private final JdbcTemplate jdbc;

  Credentials(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Claims the username and email; throws {@link TakenException} naming the one already used. */
  void insert(
      UUID userId,
      String username,
      String displayName,
      String email,
      String passwordHash,
      Instant now) {
    try {
      jdbc.update(
          "INSERT INTO account_credentials (user_id, username_lower, username, display_name,"
              + " email_lower, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
          userId,
          lower(username),
          username,
          displayName,
          lower(email),
          passwordHash,
          Timestamp.from(now));
    } catch (DuplicateKeyException e) {
      // the driver's message names the violated constraint; the exception's own also holds the SQL
      String message = String.valueOf(e.getMostSpecificCause().getMessage());
      throw new TakenException(
          message.contains("\"account_credentials_email_lower_key\"")
              ? Taken.EMAIL
              : Taken.USERNAME);
    }
  }

  /** Which of the two is already registered (the username first), without claiming either. */
  Taken taken(String username, String email) {
    return jdbc
        .query(
            "SELECT username_lower = ? FROM account_credentials"
                + " WHERE username_lower = ? OR email_lower = ?"
                + " ORDER BY username_lower = ? DESC LIMIT 1",
            (rs, i) -> rs.getBoolean(1) ? Taken.USERNAME : Taken.EMAIL,
            lower(username),
            lower(username),
            lower(email),
            lower(username))
        .stream()
        .findFirst()
        .orElse(Taken.NONE);
  }

  private static final String SELECT =
      "SELECT user_id, username, display_name, password_hash, created_at, avatar_id"
          + " FROM account_credentials";

  private static Row row(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
    return new Row(
        rs.getObject(1, UUID.class),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getTimestamp(5).toInstant(),
        rs.getObject(6, UUID.class));
  }

  Optional<Row> findByLogin(String login) {
    return jdbc
        .query(
            SELECT + " WHERE (username_lower = ? OR email_lower = ?) AND deleted_at IS NULL",
            Credentials::row,
            lower(AccountRules.normalize(login)),
            lower(AccountRules.normalize(login)))
        .stream()
        .findFirst();
  }

  Optional<Row> find(UUID userId) {
    return jdbc
        .query(SELECT + " WHERE user_id = ? AND deleted_at IS NULL", Credentials::row, userId)
        .stream()
        .findFirst();
  }

  /**
   * Erases a deleted account's personal data and secret. The row stays, so its username stays
   * reserved and nobody else can take it; the email is freed (docs/adr/0162).
   */
  void erase(UUID userId, Instant now) {
    jdbc.update(
        "UPDATE account_credentials SET deleted_at = ?, display_name = ?, email_lower = ?,"
            + " password_hash = '!', avatar_id = NULL WHERE user_id = ? AND deleted_at IS NULL",
        Timestamp.from(now),
        DELETED_NAME,
        "deleted:" + userId,
        userId);
  }

  void changeDisplayName(UUID userId, String displayName) {
    jdbc.update(
        "UPDATE account_credentials SET display_name = ? WHERE user_id = ?", displayName, userId);
  }

  void changeAvatar(UUID userId, UUID avatarId) {
    jdbc.update("UPDATE account_credentials SET avatar_id = ? WHERE user_id = ?", avatarId, userId);
  }

  void changePasswordHash(UUID userId, String passwordHash) {
    jdbc.update(
        "UPDATE account_credentials SET password_hash = ? WHERE user_id = ?", passwordHash, userId);
  }

  private static String lower(String value) {
    return value.toLowerCase(Locale.ROOT);
  }
}
