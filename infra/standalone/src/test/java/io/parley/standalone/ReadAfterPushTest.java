package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Pushes go out before any read model has the event (docs/adr/0110), yet a client that reads
 * history the moment a push arrives always finds what it was pushed: the conversation it was just
 * added to (never a 404) and every message up to the pushed seq, by {@code after=} and by the
 * latest page alike. Hammered: many new groups at once, each receiver reading on every push.
 */
@StandaloneTest
class ReadAfterPushTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int GROUPS = 16;
  private static final int MESSAGES = 20;

  @LocalServerPort int port;

  private record Receiver(String token, GatewayClient socket) {}

  @Test
  void aReceiverReadingHistoryTheMomentAPushArrivesAlwaysFindsWhatItWasPushed() throws Exception {
    ApiClient api = new ApiClient(port);
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    TestUsers.register(api, "sender" + suffix);
    String senderToken = TestUsers.login(api, "sender" + suffix);
    List<String> receiverIds = new ArrayList<>();
    List<Receiver> receivers = new ArrayList<>();
    for (int i = 0; i < GROUPS; i++) {
      String name = "reader" + i + suffix;
      receiverIds.add(TestUsers.register(api, name).body().path("user").path("userId").asText());
      String token = TestUsers.login(api, name);
      GatewayClient socket = new GatewayClient(port);
      socket.send(Map.of("op", "identify", "token", token));
      socket.nextOp("ready", WAIT);
      receivers.add(new Receiver(token, socket));
    }

    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger reads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(GROUPS * 2);
    try {
      List<CompletableFuture<Void>> readers = new ArrayList<>();
      for (Receiver receiver : receivers) {
        readers.add(
            CompletableFuture.runAsync(
                () -> readOnEveryPush(api, receiver, failures, reads), pool));
      }
      List<CompletableFuture<Void>> senders = new ArrayList<>();
      for (int i = 0; i < GROUPS; i++) {
        String receiverId = receiverIds.get(i);
        int n = i;
        senders.add(
            CompletableFuture.runAsync(
                () -> groupWithMessages(api, senderToken, receiverId, "Hammer " + n), pool));
      }
      CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get();
      CompletableFuture.allOf(readers.toArray(CompletableFuture[]::new)).get();
    } finally {
      pool.shutdownNow();
      receivers.forEach(receiver -> receiver.socket().close());
    }

    assertThat(failures).isEmpty();
    assertThat(reads.get()).isEqualTo(GROUPS * (1 + 2 * MESSAGES));
  }

  private static void groupWithMessages(
      ApiClient api, String senderToken, String receiverId, String name) {
    ApiClient.Response created =
        api.post("/api/groups", senderToken, Map.of("name", name, "visibility", "private"));
    assertThat(created.status()).isEqualTo(201);
    String groupId = created.body().path("conversation").path("conversationId").asText();
    assertThat(
            api.post(
                    "/api/groups/" + groupId + "/members",
                    senderToken,
                    Map.of("userId", receiverId))
                .status())
        .isEqualTo(204);
    for (int i = 1; i <= MESSAGES; i++) {
      ApiClient.Response sent =
          api.post(
              "/api/conversations/" + groupId + "/messages",
              senderToken,
              Map.of("clientMessageId", UUID.randomUUID().toString(), "body", "m" + i));
      assertThat(sent.status()).isEqualTo(201);
    }
  }

  /**
   * On {@code conversation.created}: the latest page, which must exist. On each {@code
   * message.created} for seq n: {@code after=n-1} must start with n, the latest page must hold n.
   */
  private static void readOnEveryPush(
      ApiClient api,
      Receiver receiver,
      ConcurrentLinkedQueue<String> failures,
      AtomicInteger reads) {
    int messages = 0;
    while (messages < MESSAGES) {
      JsonNode event = receiver.socket().nextOp("event", WAIT);
      String type = event.path("type").asText();
      String history = "/api/conversations/" + event.path("conversationId").asText() + "/messages";
      if (type.equals("conversation.created")) {
        ApiClient.Response latest = api.get(history, receiver.token());
        reads.incrementAndGet();
        if (latest.status() != 200) {
          failures.add("latest page right after conversation.created: " + latest.status());
        }
      } else if (type.equals("message.created")) {
        messages++;
        long seq = event.path("seq").asLong();
        ApiClient.Response after = api.get(history + "?after=" + (seq - 1), receiver.token());
        reads.incrementAndGet();
        if (after.status() != 200
            || after.body().path("items").path(0).path("seq").asLong() != seq) {
          failures.add("after=" + (seq - 1) + ": " + after.status() + " " + after.body());
        }
        ApiClient.Response latest = api.get(history, receiver.token());
        reads.incrementAndGet();
        if (latest.status() != 200 || !holds(latest.body().path("items"), seq)) {
          failures.add("latest page missing seq " + seq + ": " + latest.status());
        }
      }
    }
  }

  private static boolean holds(JsonNode items, long seq) {
    for (JsonNode item : items) {
      if (item.path("seq").asLong() == seq) {
        return true;
      }
    }
    return false;
  }
}
