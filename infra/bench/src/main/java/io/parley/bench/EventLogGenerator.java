package io.parley.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.parley.events.account.AccountRegisteredEvent;
import io.parley.events.account.DisplayNameChangedEvent;
import io.parley.events.conversation.DirectConversationOpenedEvent;
import io.parley.events.conversation.GroupCreatedEvent;
import io.parley.events.conversation.MemberAddedEvent;
import io.parley.events.conversation.MemberRole;
import io.parley.events.conversation.Visibility;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageEditedEvent;
import io.parley.events.message.MessageSentEvent;
import io.parley.events.message.ReactionAddedEvent;
import io.parley.events.message.ReadMarkerMovedEvent;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import javax.sql.DataSource;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Writes a realistic chat history of about {@code events} events straight into Axon's JDBC event
 * store, serialized exactly as the app serializes them (Axon's Jackson serializer over an
 * ObjectMapper configured like Spring Boot's: JavaTimeModule, ISO dates). Users register, open
 * direct conversations and groups, then mostly send messages (gap-free seq per conversation, a few
 * hot conversations), with some edits, deletes, reactions and read markers. Deterministic for a
 * seed.
 */
final class EventLogGenerator {
  /** What was written: the totals a run reports and checks. */
  record Log(long events, int users, int conversations, long messages) {}

  private record Row(
      String aggregateId,
      long sequence,
      String type,
      String eventId,
      byte[] metaData,
      byte[] payload,
      String revision,
      String payloadType,
      String timestamp) {}

  private static final String INSERT =
      "INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,"
          + " metadata, payload, payloadrevision, payloadtype, timestamp)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final long MESSAGE_ID_EPOCH = 1_767_225_600_000L; // as the command side's ids
  private static final long GENERATOR_NODE = 1023; // a node id no command-side instance uses
  private static final int BATCH = 1000;
  private static final int COMMIT_EVERY = 20_000;

  private final JacksonSerializer serializer;
  private final SplittableRandom random;
  private final List<Row> pending = new ArrayList<>();
  private final Map<UUID, Long> aggregateSequence = new HashMap<>();
  private final Map<String, UUID> authors = new HashMap<>();
  private final Set<String> deleted = new HashSet<>();
  private final Set<String> reactions = new HashSet<>();
  private final Map<String, Long> readMarkers = new HashMap<>();
  private long written;
  private long clockMillis = Instant.parse("2026-06-01T08:00:00Z").toEpochMilli();

  EventLogGenerator(long seed) {
    ObjectMapper mapper =
        new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    this.serializer = JacksonSerializer.builder().objectMapper(mapper).build();
    this.random = new SplittableRandom(seed);
  }

  /** A data source that sends the generator's batches as multi-row inserts. */
  static DataSource batching(String jdbcUrl, String user, String password) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true");
    dataSource.setUser(user);
    dataSource.setPassword(password);
    return dataSource;
  }

  /** A history of about {@code events} events. */
  Log generate(DataSource dataSource, long events) throws SQLException {
    return generate(dataSource, Math.max(events, 20), Long.MAX_VALUE);
  }

  /** A history holding {@code messages} messages (and the other events that come with them). */
  Log generateMessages(DataSource dataSource, long messages) throws SQLException {
    return generate(dataSource, Long.MAX_VALUE, Math.max(1, messages));
  }

  private Log generate(DataSource dataSource, long events, long messages) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
        return write(connection, insert, events, messages);
      }
    }
  }

  /**
   * Appends {@code count} messages to an existing conversation whose stream has {@code
   * nextSequence} events and whose last message seq is {@code lastSeq}, sent in turn by {@code
   * senders}, dated one to five milliseconds apart and ending about now. No snapshot is written:
   * the first command on the conversation loads its whole stream (and then snapshots it).
   */
  void appendMessages(
      DataSource dataSource,
      UUID conversationId,
      UUID[] senders,
      long count,
      long nextSequence,
      long lastSeq)
      throws SQLException {
    aggregateSequence.put(conversationId, nextSequence);
    clockMillis = Instant.now().toEpochMilli() - 3 * count;
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
        for (long seq = lastSeq + 1; seq <= lastSeq + count; seq++) {
          Instant at = tick();
          long messageId = ((at.toEpochMilli() - MESSAGE_ID_EPOCH) << 22) | (GENERATOR_NODE << 12);
          conversation(
              conversationId,
              new MessageSentEvent(
                  conversationId,
                  seq,
                  messageId,
                  senders[(int) (seq % senders.length)],
                  new UUID(random.nextLong(), seq),
                  body(seq),
                  null,
                  at));
          flushIfFull(connection, insert);
        }
        flush(insert);
        connection.commit();
      }
    }
  }

  private Log write(Connection connection, PreparedStatement insert, long events, long goal)
      throws SQLException {
    long expected =
        goal == Long.MAX_VALUE ? events : goal + goal / 7; // about 7 messages in 8 events
    int users = (int) Math.max(4, Math.min(20_000, expected / 200));
    UUID[] userIds = new UUID[users];
    for (int i = 0; i < users; i++) {
      userIds[i] = new UUID(random.nextLong(), random.nextLong());
      Instant at = tick();
      account(userIds[i], new AccountRegisteredEvent(userIds[i], "user" + i, "User " + i, at));
      if (i % 50 == 7) {
        account(userIds[i], new DisplayNameChangedEvent(userIds[i], "Renamed " + i, tick()));
      }
      flushIfFull(connection, insert);
    }
    List<UUID> conversations = new ArrayList<>();
    List<UUID[]> members = new ArrayList<>();
    int directs = Math.max(1, users / 2);
    for (int i = 0; i < directs; i++) {
      UUID a = userIds[random.nextInt(users)];
      UUID b = userIds[(random.nextInt(users - 1) + 1 + indexOf(userIds, a)) % users];
      UUID id = directId(a, b);
      if (aggregateSequence.containsKey(id)) {
        continue;
      }
      Instant at = tick();
      conversation(id, new DirectConversationOpenedEvent(id, a, b, at));
      conversation(id, new MemberAddedEvent(id, a, a, MemberRole.MEMBER, at));
      conversation(id, new MemberAddedEvent(id, a, b, MemberRole.MEMBER, at));
      conversations.add(id);
      members.add(new UUID[] {a, b});
      flushIfFull(connection, insert);
    }
    int groups = Math.max(1, users / 20);
    for (int i = 0; i < groups; i++) {
      UUID id = new UUID(random.nextLong(), random.nextLong());
      UUID creator = userIds[random.nextInt(users)];
      Instant at = tick();
      conversation(
          id,
          new GroupCreatedEvent(
              id,
              creator,
              "Group " + i,
              i % 3 == 0 ? "Topic of group " + i : null,
              i % 4 == 0 ? Visibility.PUBLIC : Visibility.PRIVATE,
              at));
      conversation(id, new MemberAddedEvent(id, creator, creator, MemberRole.OWNER, at));
      int size = Math.min(users, 3 + random.nextInt(30));
      List<UUID> group = new ArrayList<>(List.of(creator));
      for (int m = 0; group.size() < size && m < size * 3; m++) {
        UUID member = userIds[random.nextInt(users)];
        if (!group.contains(member)) {
          group.add(member);
          conversation(id, new MemberAddedEvent(id, creator, member, MemberRole.MEMBER, at));
        }
      }
      conversations.add(id);
      members.add(group.toArray(UUID[]::new));
      flushIfFull(connection, insert);
    }
    long[] lastSeq = new long[conversations.size()];
    long[][] messageIds = new long[conversations.size()][];
    long messages = 0;
    while (written + pending.size() < events && messages < goal) {
      int c = pickConversation(conversations.size());
      UUID id = conversations.get(c);
      UUID[] who = members.get(c);
      UUID sender = who[random.nextInt(who.length)];
      int roll = random.nextInt(100);
      // Only what the command side accepts: edits and deletes by the author of a live message,
      // one reaction per user and emoji, read markers that move forward.
      long seq = lastSeq[c] == 0 ? 0 : 1 + random.nextLong(lastSeq[c]);
      String message = c + ":" + seq;
      UUID author = seq == 0 ? null : authors.get(message);
      if (roll < 13 && (seq == 0 || deleted.contains(message))) {
        roll = 99;
      }
      if (roll < 3) {
        conversation(
            id,
            new MessageEditedEvent(
                id, seq, messageId(messageIds, c, seq), author, "edited " + seq, tick()));
      } else if (roll < 5) {
        deleted.add(message);
        conversation(
            id, new MessageDeletedEvent(id, seq, messageId(messageIds, c, seq), author, tick()));
      } else if (roll < 9) {
        String emoji = EMOJI[random.nextInt(EMOJI.length)];
        if (reactions.add(message + ":" + sender + ":" + emoji)) {
          conversation(
              id,
              new ReactionAddedEvent(
                  id, seq, messageId(messageIds, c, seq), sender, emoji, tick()));
        }
      } else if (roll < 13) {
        Long before = readMarkers.put(c + ":" + sender, lastSeq[c]);
        if (before == null || before < lastSeq[c]) {
          // Read markers are published outside the aggregate, as the command side does.
          other(new ReadMarkerMovedEvent(id, sender, lastSeq[c], tick()));
        }
      } else {
        long next = ++lastSeq[c];
        Instant at = tick();
        long messageId = ((at.toEpochMilli() - MESSAGE_ID_EPOCH) << 22) | (GENERATOR_NODE << 12);
        remember(messageIds, c, next, messageId);
        authors.put(c + ":" + next, sender);
        Long replyTo = next > 1 && random.nextInt(20) == 0 ? messageIds[c][(int) next - 2] : null;
        conversation(
            id,
            new MessageSentEvent(
                id,
                next,
                messageId,
                sender,
                new UUID(random.nextLong(), next),
                body(next),
                replyTo,
                at));
        messages++;
      }
      flushIfFull(connection, insert);
    }
    flush(insert);
    connection.commit();
    return new Log(written, users, conversations.size(), messages);
  }

  private static final String[] EMOJI = {"👍", "❤️", "😂", "🎉", "👀"};
  private static final String[] WORDS = {
    "hello", "sure", "meeting", "tomorrow", "lunch", "deploy", "review", "thanks", "great", "on",
    "my", "way", "see", "you", "the", "build", "is", "green", "again", "coffee"
  };

  private String body(long seq) {
    StringBuilder body = new StringBuilder();
    int words = 3 + random.nextInt(15);
    for (int i = 0; i < words; i++) {
      body.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return body.append(' ').append(seq).toString();
  }

  /** A fifth of the traffic goes to the first 1% of conversations: a few busy rooms. */
  private int pickConversation(int count) {
    int hot = Math.max(1, count / 100);
    return random.nextInt(5) == 0 ? random.nextInt(hot) : random.nextInt(count);
  }

  private static void remember(long[][] ids, int c, long seq, long messageId) {
    long[] known = ids[c];
    if (known == null || known.length < seq) {
      long[] grown = new long[Math.max(16, (int) seq * 2)];
      if (known != null) {
        System.arraycopy(known, 0, grown, 0, known.length);
      }
      ids[c] = grown;
    }
    ids[c][(int) seq - 1] = messageId;
  }

  private static long messageId(long[][] ids, int c, long seq) {
    return ids[c][(int) seq - 1];
  }

  private static int indexOf(UUID[] ids, UUID id) {
    for (int i = 0; i < ids.length; i++) {
      if (ids[i].equals(id)) {
        return i;
      }
    }
    throw new IllegalArgumentException(id.toString());
  }

  /** The command side's id of a pair's direct conversation (DirectConversationController). */
  static UUID directId(UUID a, UUID b) {
    String pair = a.compareTo(b) < 0 ? a + ":" + b : b + ":" + a;
    return UUID.nameUUIDFromBytes(("parley-direct:" + pair).getBytes(StandardCharsets.UTF_8));
  }

  /** Whole milliseconds, like the app's clock; a few milliseconds between events. */
  private Instant tick() {
    clockMillis += 1 + random.nextInt(5);
    return Instant.ofEpochMilli(clockMillis);
  }

  private void account(UUID id, Object payload) {
    domain(id, "Account", payload);
  }

  private void conversation(UUID id, Object payload) {
    domain(id, "Conversation", payload);
  }

  private void domain(UUID aggregateId, String type, Object payload) {
    long sequence = aggregateSequence.merge(aggregateId, 1L, Long::sum) - 1;
    row(aggregateId.toString(), sequence, type, payload);
  }

  /** Axon stores an event published outside an aggregate under its own id, sequence 0, no type. */
  private void other(Object payload) {
    row(null, 0, null, payload);
  }

  private void row(String aggregateId, long sequence, String type, Object payload) {
    String eventId = new UUID(random.nextLong(), random.nextLong()).toString();
    String correlation = new UUID(random.nextLong(), random.nextLong()).toString();
    SerializedObject<byte[]> data = serializer.serialize(payload, byte[].class);
    SerializedObject<byte[]> metaData =
        serializer.serialize(
            MetaData.with("traceId", correlation).and("correlationId", correlation), byte[].class);
    pending.add(
        new Row(
            aggregateId == null ? eventId : aggregateId,
            sequence,
            type,
            eventId,
            metaData.getData(),
            data.getData(),
            data.getType().getRevision(),
            data.getType().getName(),
            DateTimeUtils.formatInstant(Instant.ofEpochMilli(clockMillis))));
  }

  private void flushIfFull(Connection connection, PreparedStatement insert) throws SQLException {
    if (pending.size() >= BATCH) {
      long before = written;
      flush(insert);
      if (written / COMMIT_EVERY != before / COMMIT_EVERY) {
        connection.commit();
      }
    }
  }

  private void flush(PreparedStatement insert) throws SQLException {
    for (Row row : pending) {
      insert.setString(1, row.aggregateId());
      insert.setLong(2, row.sequence());
      insert.setString(3, row.type());
      insert.setString(4, row.eventId());
      insert.setBytes(5, row.metaData());
      insert.setBytes(6, row.payload());
      insert.setString(7, row.revision());
      insert.setString(8, row.payloadType());
      insert.setString(9, row.timestamp());
      insert.addBatch();
    }
    insert.executeBatch();
    written += pending.size();
    pending.clear();
  }
}
