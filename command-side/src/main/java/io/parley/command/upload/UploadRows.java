package io.parley.command.upload;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The {@code upload} and {@code upload_reference} tables. */
@Repository
class UploadRows {
  private static final String SELECT =
      "SELECT u.*,"
          + " EXISTS (SELECT 1 FROM upload_reference r WHERE r.upload_id = u.upload_id) AS referenced,"
          + " EXISTS (SELECT 1 FROM upload_reference r WHERE r.upload_id = u.upload_id"
          + "   AND r.released_at IS NULL) AS active,"
          + " (SELECT max(r.released_at) FROM upload_reference r"
          + "   WHERE r.upload_id = u.upload_id) AS last_released"
          + " FROM upload u";

  private final JdbcTemplate jdbc;

  UploadRows(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Upload> find(UUID uploadId) {
    return jdbc.query(SELECT + " WHERE u.upload_id = ?", UploadRows::map, uploadId).stream()
        .findFirst();
  }

  /** Bytes a user has stored: originals and thumbnails of uploads not deleted. */
  long storedBytes(UUID ownerId) {
    Long used =
        jdbc.queryForObject(
            "SELECT coalesce(sum(size + coalesce(thumbnail_size, 0)), 0) FROM upload"
                + " WHERE owner_id = ? AND deleted_at IS NULL",
            Long.class,
            ownerId);
    return used == null ? 0 : used;
  }

  /** Serialises writers of one upload id, then of one owner's quota, until the commit. */
  void lock(UUID uploadId, UUID ownerId) {
    jdbc.queryForList(
        "SELECT pg_advisory_xact_lock(1, hashtext(?::text)), pg_advisory_xact_lock(2, hashtext(?::text))",
        uploadId.toString(),
        ownerId.toString());
  }

  void insert(Upload u) {
    jdbc.update(
        "INSERT INTO upload (upload_id, owner_id, name, content_type, size, sha256,"
            + " received_sha256, width, height, thumbnail_size, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        u.uploadId(),
        u.ownerId(),
        u.name(),
        u.contentType(),
        u.size(),
        u.sha256(),
        u.receivedSha256(),
        u.width(),
        u.height(),
        u.thumbnail() ? u.storedBytes() - u.size() : null,
        Timestamp.from(u.createdAt()));
  }

  void markDeleted(UUID uploadId, Instant at) {
    jdbc.update(
        "UPDATE upload SET deleted_at = ? WHERE upload_id = ? AND deleted_at IS NULL",
        Timestamp.from(at),
        uploadId);
  }

  /**
   * Uploads to delete at {@code now}: never referenced and created before {@code orphanBefore}, or
   * referenced, released by everything, the last release before {@code releasedBefore}.
   */
  List<Upload> expired(Instant orphanBefore, Instant releasedBefore, int limit) {
    return jdbc.query(
        "SELECT * FROM ("
            + SELECT
            + " WHERE u.deleted_at IS NULL AND u.created_at < greatest(?::timestamptz, ?::timestamptz)) x"
            + " WHERE (NOT referenced AND created_at < ?)"
            + "    OR (referenced AND NOT active AND last_released < ?)"
            + " ORDER BY created_at LIMIT ?",
        UploadRows::map,
        Timestamp.from(orphanBefore),
        Timestamp.from(releasedBefore),
        Timestamp.from(orphanBefore),
        Timestamp.from(releasedBefore),
        limit);
  }

  private static Upload map(ResultSet rs, int row) throws SQLException {
    long size = rs.getLong("size");
    long thumbnailSize = rs.getLong("thumbnail_size");
    boolean thumbnail = !rs.wasNull();
    Timestamp deleted = rs.getTimestamp("deleted_at");
    Timestamp released = rs.getTimestamp("last_released");
    return new Upload(
        rs.getObject("upload_id", UUID.class),
        rs.getObject("owner_id", UUID.class),
        rs.getString("name"),
        rs.getString("content_type"),
        size,
        rs.getString("sha256"),
        rs.getString("received_sha256"),
        (Integer) rs.getObject("width"),
        (Integer) rs.getObject("height"),
        thumbnail,
        size + thumbnailSize,
        rs.getTimestamp("created_at").toInstant(),
        deleted == null ? null : deleted.toInstant(),
        rs.getBoolean("referenced"),
        rs.getBoolean("active"),
        released == null ? null : released.toInstant());
  }
}
