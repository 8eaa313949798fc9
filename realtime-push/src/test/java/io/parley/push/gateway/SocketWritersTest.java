package io.parley.push.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * A big audience's sockets are written by the writer threads, each socket's frames in the order
 * they were queued and each exactly once, also while inline writes of small audiences and
 * completions on other threads interleave; a small audience is written on the caller's thread.
 */
class SocketWritersTest {
  private static final int SOCKETS = 300;
  private static final int EVENTS = 200;

  private final SocketWriters writers = new SocketWriters(3, 64, true);
  private final ExecutorService completions = Executors.newFixedThreadPool(2);
  private final BufferBudget budget = new BufferBudget(DataSize.ofMegabytes(256));

  @AfterEach
  void stop() throws InterruptedException {
    writers.stop();
    completions.shutdown();
    completions.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** A socket whose writes complete inline or, now and then, later on another thread. */
  private final class Socket {
    final List<String> written = new CopyOnWriteArrayList<>();
    final Set<String> writerThreads = ConcurrentHashMap.newKeySet();
    final RemoteEndpoint.Async remote =
        (RemoteEndpoint.Async)
            Proxy.newProxyInstance(
                RemoteEndpoint.Async.class.getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("sendText") && args.length == 2) {
                    written.add((String) args[0]);
                    writerThreads.add(Thread.currentThread().getName());
                    SendHandler done = (SendHandler) args[1];
                    if (ThreadLocalRandom.current().nextInt(4) == 0) {
                      completions.execute(() -> done.onResult(new SendResult()));
                    } else {
                      done.onResult(new SendResult());
                    }
                  }
                  return null;
                });
    final Outbox outbox =
        new Outbox(remote, 1 << 24, budget, GatewayMetrics.unregistered(), slow -> {});
  }

  @Test
  void aBigAudienceIsWrittenByTheWritersInQueueOrderExactlyOnce() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < SOCKETS; i++) {
      sockets.add(new Socket());
    }
    for (long id = 1; id <= EVENTS; id++) {
      SharedTail tail = new SharedTail("\"type\":\"message.created\",\"seq\":" + id + "}");
      if (id % 10 == 0) {
        // A small audience's event on another lane: written inline, between the big ones.
        for (Socket socket : sockets.subList(0, 3)) {
          socket.outbox.offer(id, tail, false, GatewayMetrics.UNTIMED, null);
        }
        continue;
      }
      SocketWriters.Pending pending = writers.pendingFor(SOCKETS);
      assertThat(pending).isNotNull();
      for (Socket socket : sockets) {
        socket.outbox.offer(id, tail, false, GatewayMetrics.UNTIMED, pending);
      }
      writers.flush(pending);
    }

    long expectedFrames = (long) SOCKETS * (EVENTS - EVENTS / 10) + 3 * (EVENTS / 10);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline
        && sockets.stream().mapToLong(s -> s.written.size()).sum() < expectedFrames) {
      Thread.sleep(20);
    }
    completions.shutdown();
    completions.awaitTermination(5, TimeUnit.SECONDS);
    for (int i = 0; i < SOCKETS; i++) {
      Socket socket = sockets.get(i);
      List<Long> ids = socket.written.stream().map(SocketWritersTest::eventId).toList();
      List<Long> expected = new ArrayList<>();
      for (long id = 1; id <= EVENTS; id++) {
        if (id % 10 != 0 || i < 3) {
          expected.add(id);
        }
      }
      assertThat(ids).as("socket %d", i).isEqualTo(expected);
    }
    Set<String> threads = ConcurrentHashMap.newKeySet();
    sockets.forEach(s -> threads.addAll(s.writerThreads));
    assertThat(threads).anyMatch(name -> name.startsWith("push-writer-"));
    assertThat(threads.stream().filter(name -> name.startsWith("push-writer-")).count())
        .as("the audience is split between the writers")
        .isGreaterThan(1);
    assertThat(budget.usedBytes()).as("everything written gives its memory back").isZero();
  }

  @Test
  void aSmallAudienceIsWrittenOnTheBroadcastingThread() {
    assertThat(writers.pendingFor(63)).isNull();
    assertThat(SocketWriters.INLINE.pendingFor(1_000_000)).isNull();
  }

  private static long eventId(String frame) {
    int start = frame.indexOf("\"eventId\":") + "\"eventId\":".length();
    int end = frame.indexOf(',', start);
    return Long.parseLong(frame.substring(start, end));
  }
}
