package io.parley.standalone;

import static io.parley.standalone.Calls.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.events.message.MessageSentEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Concurrent senders against the running app: one gap-free order, one message per client id. */
@StandaloneTest
class MessageConcurrencyTest {
  static final int THREADS = 8;
  static final int SENDS_PER_THREAD = 250;

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  private UUID groupOf(Calls api, Calls.Actor owner, List<Calls.Actor> members) {
    JsonNode created =
        expect(
            api.post(
                owner,
                "/api/groups",
                Map.of(
                    "name",
                    "Busy",
                    "visibility",
                    "private",
                    "memberIds",
                    members.stream().map(m -> m.id().toString()).toList())),
            201);
    return UUID.fromString(created.path("conversation").path("conversationId").asText());
  }

  @Test
  void eightConcurrentSendersGetExactlySeqOneToTwoThousand() throws Exception {
    Calls api = new Calls(port);
    List<Calls.Actor> senders = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      senders.add(api.newUser("snd"));
    }
    UUID group = groupOf(api, senders.get(0), senders.subList(1, THREADS));
    String path = "/api/conversations/" + group + "/messages";

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<Long>>> results = new ArrayList<>();
    try {
      for (Calls.Actor sender : senders) {
        Callable<List<Long>> task =
            () -> {
              start.await();
              List<Long> seqs = new ArrayList<>();
              for (int i = 0; i < SENDS_PER_THREAD; i++) {
                JsonNode message =
                    expect(
                            api.post(
                                sender,
                                path,
                                Map.of(
                                    "clientMessageId",
                                    UUID.randomUUID().toString(),
                                    "body",
                                    "m" + i)),
                            201)
                        .path("message");
                seqs.add(message.path("seq").asLong());
              }
              return seqs;
            };
        results.add(pool.submit(task));
      }
      start.countDown();
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> result : results) {
        List<Long> seqs = result.get();
        assertThat(seqs).as("each sender sees its own messages in order").isSorted();
        all.addAll(seqs);
      }
      List<Long> expected = LongStream.rangeClosed(1, THREADS * SENDS_PER_THREAD).boxed().toList();
      assertThat(all).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(new EventLog(jdbc).sentSeqs(group))
          .as("the event store holds seq 1..2000 in order, no gap, no duplicate")
          .containsExactlyElementsOf(expected);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theSameClientMessageIdSentConcurrentlyCreatesOneMessage() throws Exception {
    Calls api = new Calls(port);
    Calls.Actor sender = api.newUser("dup");
    UUID group = groupOf(api, sender, List.of());
    String path = "/api/conversations/" + group + "/messages";
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 20; round++) {
        Map<String, String> body =
            Map.of("clientMessageId", UUID.randomUUID().toString(), "body", "once " + round);
        CountDownLatch start = new CountDownLatch(1);
        Callable<JsonNode> call =
            () -> {
              start.await();
              return expect(api.post(sender, path, body), 201).path("message");
            };
        Future<JsonNode> a = pool.submit(call);
        Future<JsonNode> b = pool.submit(call);
        start.countDown();
        assertThat(a.get()).isEqualTo(b.get());
      }
      assertThat(new EventLog(jdbc).count(group, MessageSentEvent.class)).isEqualTo(20);
    } finally {
      pool.shutdownNow();
    }
  }
}
