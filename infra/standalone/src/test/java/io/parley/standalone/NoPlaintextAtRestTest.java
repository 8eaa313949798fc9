package io.parley.standalone;

import static io.parley.standalone.Calls.expect;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.e2ee.KeySetVersion;
import io.parley.infra.stores.LocalStores;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What issue 20 demands of the server: no plaintext of an end-to-end encrypted conversation reaches
 * the event log, Postgres, the CQL store or the logs. Two members exchange real OpenPGP messages
 * (made here with BouncyCastle, as a client would) whose plaintext holds a unique marker, through
 * the HTTP API, with an edit and a reply, and with every Parley, Spring web and Axon logger at
 * DEBUG; once the read models hold the messages, the test reads every store directly: every event
 * payload, every text-like column of every table of every schema of the database, every table of
 * the CQL keyspace, the captured log lines and console, and every file under the stores' data
 * directory. The marker is nowhere; the ciphertext is where it should be (so the scan can fail).
 */
@StandaloneTest
@ExtendWith(OutputCaptureExtension.class)
class NoPlaintextAtRestTest {
  private static final List<String> VERBOSE =
      List.of("io.parley", "org.springframework.web", "org.axonframework");

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired CqlSession cql;
  @Autowired LoggingSystem logging;

  @Test
  void noPlaintextOfAnEncryptedConversationReachesTheEventLogPostgresCqlOrTheLogs(
      CapturedOutput console) throws Exception {
    Calls api = new Calls(port);
    TestOpenPgp pgp = new TestOpenPgp();
    String marker = "plaintextmarker" + UUID.randomUUID().toString().replace("-", "");
    Calls.Actor ann = api.newUser("ann");
    Calls.Actor ben = api.newUser("ben");
    UUID conversation =
        UUID.fromString(
            expect(
                    api.post(
                        ann,
                        "/api/conversations/direct",
                        Map.of("userId", ben.id().toString(), "encrypted", true)),
                    200)
                .path("conversation")
                .path("conversationId")
                .asText());
    String messages = "/api/conversations/" + conversation + "/messages";

    List<String> ciphertexts = new ArrayList<>();
    String stored;
    try (LogCapture logs = new LogCapture()) {
      VERBOSE.forEach(logger -> logging.setLogLevel(logger, LogLevel.DEBUG));
      UUID first = UUID.randomUUID();
      String firstCiphertext = pgp.encrypt(envelope(conversation, first, marker + " hello"));
      ciphertexts.add(firstCiphertext);
      JsonNode sent =
          expect(
                  api.post(
                      ann,
                      messages,
                      Map.of(
                          "clientMessageId",
                          first.toString(),
                          "ciphertext",
                          firstCiphertext,
                          "keySetVersion",
                          KeySetVersion.EMPTY)),
                  201)
              .path("message");
      UUID reply = UUID.randomUUID();
      String replyCiphertext = pgp.encrypt(envelope(conversation, reply, "@" + marker + " hi"));
      ciphertexts.add(replyCiphertext);
      expect(
          api.post(
              ben,
              messages,
              Map.of(
                  "clientMessageId",
                  reply.toString(),
                  "ciphertext",
                  replyCiphertext,
                  "keySetVersion",
                  KeySetVersion.EMPTY,
                  "replyToMessageId",
                  sent.path("messageId").asText())),
          201);
      String edited = pgp.encrypt(envelope(conversation, first, marker + " edited"));
      ciphertexts.add(edited);
      expect(
          api.patch(
              ann,
              messages + "/" + sent.path("messageId").asText(),
              Map.of("ciphertext", edited, "keySetVersion", KeySetVersion.EMPTY)),
          200);
      // A refused send (stale keys) and a bad one are logged as failures: still no plaintext.
      expect(
          api.post(
              ann,
              messages,
              Map.of(
                  "clientMessageId",
                  UUID.randomUUID().toString(),
                  "ciphertext",
                  pgp.encrypt(marker + " stale"),
                  "keySetVersion",
                  "0".repeat(64))),
          409);

      stored =
          Awaiting.until(
              () -> {
                JsonNode items = expect(api.get(ben, messages), 200).path("items");
                return items.size() == 2 && items.get(0).path("editedAt").isTextual()
                    ? items.get(0).path("ciphertext").asText()
                    : null;
              },
              Duration.ofSeconds(30));
      Awaiting.until(
          () -> {
            for (JsonNode item : expect(api.get(ann, "/api/conversations"), 200).path("items")) {
              if (item.path("conversationId").asText().equals(conversation.toString())
                  && replyCiphertext.equals(item.path("lastMessage").path("ciphertext").asText())) {
                return item;
              }
            }
            return null;
          },
          Duration.ofSeconds(30));
      VERBOSE.forEach(logger -> logging.setLogLevel(logger, null));

      // The real thing: members' devices read it back.
      assertThat(pgp.decrypt(stored)).contains(marker + " edited");
      assertThat(stored).isEqualTo(edited);

      assertThat(logs.text()).as("log lines").doesNotContain(marker);
      assertThat(logs.text()).as("the capture works").contains(conversation.toString());
    }
    assertThat(console.getAll()).as("console").doesNotContain(marker);

    // First, before the reads below hand the marker to Postgres as a query parameter.
    assertThat(filesHolding(marker.getBytes(StandardCharsets.UTF_8)))
        .as("files of the stores holding the marker")
        .isEmpty();

    String events =
        String.join(
            "\n",
            jdbc.queryForList(
                "SELECT convert_from(payload, 'UTF8') FROM domainevententry"
                    + " WHERE aggregateidentifier = ?",
                String.class,
                conversation.toString()));
    assertThat(events).as("the event log").doesNotContain(marker);
    assertThat(events.replace("\\n", "\n")).as("the event log").contains(ciphertexts);

    assertThat(postgresColumnsHolding(marker)).as("Postgres columns holding the marker").isEmpty();
    assertThat(postgresColumnsHolding(firstCiphertext(ciphertexts)))
        .as("Postgres columns holding a ciphertext")
        .isNotEmpty();

    assertThat(cqlTablesHolding(marker)).as("CQL tables holding the marker").isEmpty();
    assertThat(cqlTablesHolding(stored))
        .as("CQL tables holding the ciphertext")
        .contains("messages_by_conversation");
  }

  /** What the browser client encrypts (docs/api.md, "End-to-end encryption"). */
  private static String envelope(UUID conversationId, UUID clientMessageId, String body) {
    return "{\"v\":1,\"conversationId\":\""
        + conversationId
        + "\",\"clientMessageId\":\""
        + clientMessageId
        + "\",\"body\":\""
        + body
        + "\",\"replyToMessageId\":null}";
  }

  /** The reply's ciphertext: never edited, so it stays in the inbox's last message. */
  private static String firstCiphertext(List<String> ciphertexts) {
    return ciphertexts.get(1);
  }

  /**
   * Every column of every table of every schema (but the catalogs) that holds {@code needle}: text
   * of any type cast to text, bytea searched as bytes.
   */
  private List<String> postgresColumnsHolding(String needle) {
    List<String> holding = new ArrayList<>();
    List<Map<String, Object>> columns =
        jdbc.queryForList(
            "SELECT c.table_schema, c.table_name, c.column_name, c.data_type"
                + " FROM information_schema.columns c JOIN information_schema.tables t"
                + " ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
                + " WHERE t.table_type = 'BASE TABLE'"
                + " AND c.table_schema NOT IN ('pg_catalog', 'information_schema')");
    assertThat(columns).hasSizeGreaterThan(50);
    for (Map<String, Object> column : columns) {
      String table = quote(column.get("table_schema")) + "." + quote(column.get("table_name"));
      String name = quote(column.get("column_name"));
      String condition =
          "bytea".equals(column.get("data_type"))
              ? "position(convert_to(?, 'UTF8') in " + name + ") > 0"
              : "strpos(CAST(" + name + " AS text), ?) > 0";
      Long found =
          jdbc.queryForObject(
              "SELECT count(*) FROM " + table + " WHERE " + condition, Long.class, needle);
      if (found != null && found > 0) {
        holding.add(column.get("table_schema") + "." + column.get("table_name") + "." + name);
      }
    }
    return holding;
  }

  private static String quote(Object identifier) {
    return "\"" + identifier.toString().replace("\"", "\"\"") + "\"";
  }

  /** Every table of the app's keyspace with a row holding {@code needle} in any column. */
  private List<String> cqlTablesHolding(String needle) {
    String keyspace = cql.getKeyspace().orElseThrow().asInternal();
    List<String> tables =
        cql
            .execute(
                "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ?", keyspace)
            .all()
            .stream()
            .map(row -> row.getString(0))
            .toList();
    assertThat(tables).contains("messages_by_conversation");
    List<String> holding = new ArrayList<>();
    for (String table : tables) {
      for (Row row : cql.execute("SELECT * FROM " + keyspace + "." + table)) {
        if (rowHolds(row, needle)) {
          holding.add(table);
          break;
        }
      }
    }
    return holding;
  }

  private static boolean rowHolds(Row row, String needle) {
    for (ColumnDefinition column : row.getColumnDefinitions()) {
      Object value = row.getObject(column.getName());
      if (value != null && String.valueOf(value).contains(needle)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Every file under the embedded stores' data directory (Postgres's heap and WAL, the CQL node's
   * commit log and logs) holding the bytes. SSTables are compressed, so this adds to the reads
   * above rather than replacing them.
   */
  private static List<Path> filesHolding(byte[] needle) throws IOException {
    List<Path> holding = new ArrayList<>();
    try (Stream<Path> files = Files.walk(LocalStores.ephemeralDataDir())) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        if (contains(file, needle)) {
          holding.add(file);
        }
      }
    }
    return holding;
  }

  private static boolean contains(Path file, byte[] needle) {
    byte[] buffer = new byte[1 << 20];
    int carry = 0;
    try (InputStream in = Files.newInputStream(file)) {
      int read;
      while ((read = in.read(buffer, carry, buffer.length - carry)) > 0) {
        int filled = carry + read;
        if (indexOf(buffer, filled, needle) >= 0) {
          return true;
        }
        carry = Math.min(needle.length - 1, filled);
        System.arraycopy(buffer, filled - carry, buffer, 0, carry);
      }
    } catch (IOException e) {
      return false; // a file the store holds open exclusively or removed meanwhile
    }
    return false;
  }

  private static int indexOf(byte[] haystack, int length, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** Every log event of every logger, with its stack trace, as text. */
  private static final class LogCapture implements AutoCloseable {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    private final Logger root;

    LogCapture() {
      LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
      PatternLayoutEncoder encoder = new PatternLayoutEncoder();
      encoder.setContext(context);
      encoder.setPattern("%level %logger %mdc %msg%n%ex");
      encoder.start();
      appender.setContext(context);
      appender.setName("no-plaintext-test");
      appender.setEncoder(encoder);
      appender.setOutputStream(out);
      appender.start();
      root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      root.addAppender(appender);
    }

    String text() {
      synchronized (out) {
        return out.toString(StandardCharsets.UTF_8);
      }
    }

    @Override
    public void close() {
      root.detachAppender(appender);
      appender.stop();
    }
  }
}
