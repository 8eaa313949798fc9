package io.parley.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The people of a scenario: their conversations (each a list of member indices) and one connected
 * WebSocket device each, all reporting to one {@link Deliveries}. The same population drives the
 * app and the raw relay, so both see the same recipients per message.
 */
final class Population implements AutoCloseable {
  /** A conversation: its id on the app (a label on the relay) and its members' indices. */
  record Conversation(String id, int[] members, boolean group) {}

  final int size;
  final List<Conversation> conversations;
  final Deliveries deliveries;
  private final List<Conversation> groups = new ArrayList<>();
  private final List<Conversation> directs = new ArrayList<>();
  private final List<WsClient> clients = new ArrayList<>();
  private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
  private final ExecutorService callbacks = Executors.newFixedThreadPool(4);

  Population(int size, List<Conversation> conversations) {
    this.size = size;
    this.conversations = List.copyOf(conversations);
    this.deliveries = new Deliveries(size);
    for (Conversation conversation : conversations) {
      (conversation.group() ? groups : directs).add(conversation);
    }
  }

  /**
   * Groups of {@code groupSize} consecutive users (private, created by the first with the rest as
   * members) and a direct conversation between each even user and the next: every user is in one
   * group and one direct conversation.
   */
  static List<Conversation> mixed(Api api, List<Api.User> users, int groupSize, String tag)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Conversation>> futures = new ArrayList<>();
      for (int start = 0; start < users.size(); start += groupSize) {
        int from = start;
        int to = Math.min(users.size(), start + groupSize);
        if (to - from < 2) {
          continue;
        }
        futures.add(
            CompletableFuture.supplyAsync(
                () -> {
                  List<String> others =
                      users.subList(from + 1, to).stream().map(Api.User::userId).toList();
                  String id = api.group(users.get(from), tag + "-g" + from, others, "private");
                  return new Conversation(id, IntStream.range(from, to).toArray(), true);
                },
                pool));
      }
      for (int i = 0; i + 1 < users.size(); i += 2) {
        int a = i;
        futures.add(
            CompletableFuture.supplyAsync(
                () ->
                    new Conversation(
                        api.direct(users.get(a), users.get(a + 1)), new int[] {a, a + 1}, false),
                pool));
      }
      return futures.stream().map(CompletableFuture::join).toList();
    } finally {
      pool.shutdownNow();
    }
  }

  /** One public group that every user joins. */
  static Conversation bigGroup(Api api, List<Api.User> users, String tag) throws Exception {
    String id = api.group(users.get(0), tag + "-all", List.of(), "public");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<CompletableFuture<Void>> joins = new ArrayList<>();
      for (Api.User user : users.subList(1, users.size())) {
        joins.add(CompletableFuture.runAsync(() -> api.join(user, id), pool));
      }
      joins.forEach(CompletableFuture::join);
    } finally {
      pool.shutdownNow();
    }
    return new Conversation(id, IntStream.range(0, users.size()).toArray(), true);
  }

  /** Connects one device per person ({@code tokens.get(i)}), 50 handshakes at a time. */
  void connect(String url, List<String> tokens, Duration ackInterval) {
    List<HttpClient> https = new ArrayList<>();
    for (int i = 0; i < Math.max(1, tokens.size() / 250); i++) {
      https.add(
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .executor(callbacks)
              .connectTimeout(Duration.ofSeconds(20))
              .build());
    }
    for (int start = 0; start < tokens.size(); start += 50) {
      List<CompletableFuture<Long>> batch = new ArrayList<>();
      int end = Math.min(tokens.size(), start + 50);
      for (int i = start; i < end; i++) {
        WsClient client = new WsClient(i, deliveries, timers, ackInterval);
        clients.add(client);
        batch.add(client.connect(https.get(i % https.size()), url, tokens.get(i)));
      }
      for (int i = start; i < end; i++) {
        // A loaded server may reset a handshake (its accept queue is full): try that device again.
        for (int attempt = 1; ; attempt++) {
          try {
            batch.get(i - start).orTimeout(60, TimeUnit.SECONDS).join();
            break;
          } catch (java.util.concurrent.CompletionException e) {
            if (attempt == 3) {
              throw e;
            }
            Bench.sleep(500L * attempt);
            WsClient again = new WsClient(i, deliveries, timers, ackInterval);
            clients.set(i, again);
            batch.set(i - start, again.connect(https.get(i % https.size()), url, tokens.get(i)));
          }
        }
      }
    }
  }

  /** Half the time a group, half the time a direct conversation (when both kinds exist). */
  Conversation pick(Random random) {
    List<Conversation> kind =
        groups.isEmpty() ? directs : directs.isEmpty() || random.nextBoolean() ? groups : directs;
    return kind.get(random.nextInt(kind.size()));
  }

  int droppedSockets() {
    return (int) clients.stream().filter(WsClient::droppedUnexpectedly).count();
  }

  List<Integer> closeCodes() {
    return clients.stream()
        .filter(WsClient::droppedUnexpectedly)
        .map(WsClient::closeCode)
        .distinct()
        .toList();
  }

  long heartbeatAcks() {
    return clients.stream().mapToLong(WsClient::heartbeatAcks).sum();
  }

  void ackAll() {
    clients.forEach(WsClient::ackHeld);
  }

  @Override
  public void close() {
    clients.forEach(WsClient::close);
    timers.shutdownNow();
    Bench.sleep(300);
    callbacks.shutdownNow();
  }
}
