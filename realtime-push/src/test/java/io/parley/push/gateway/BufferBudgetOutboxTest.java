package io.parley.push.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Send queues hold events as shared tails: built when written, the tail charged once. */
class BufferBudgetOutboxTest {
  private static final String TAIL =
      "\"type\":\"read.updated\",\"data\":{\"n\":\"" + "y".repeat(400) + "\"}}";

  /** A socket whose writes complete when the test says so. */
  private static final class Socket {
    final List<String> written = new ArrayList<>();
    final List<SendHandler> pending = new ArrayList<>();
    final RemoteEndpoint.Async remote =
        (RemoteEndpoint.Async)
            Proxy.newProxyInstance(
                RemoteEndpoint.Async.class.getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("sendText") && args.length == 2) {
                    written.add((String) args[0]);
                    pending.add((SendHandler) args[1]);
                  }
                  return null;
                });

    void completeAll() {
      while (!pending.isEmpty()) {
        pending.remove(0).onResult(new SendResult());
      }
    }
  }

  private static Outbox outbox(Socket socket, BufferBudget budget) {
    return new Outbox(socket.remote, 1 << 20, budget, GatewayMetrics.unregistered(), slow -> {});
  }

  @Test
  void queuedEventsChargeTheSharedTailOnceAndAreWrittenAsWholeFrames() {
    BufferBudget budget = new BufferBudget(DataSize.ofMegabytes(8));
    SharedTail tail = new SharedTail(TAIL);
    List<Socket> sockets = new ArrayList<>();
    List<Outbox> outboxes = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Socket socket = new Socket();
      Outbox outbox = outbox(socket, budget);
      outbox.offer("{\"op\":\"ready\"}", false, GatewayMetrics.CONTROL); // in flight from now on
      sockets.add(socket);
      outboxes.add(outbox);
    }
    long control = budget.usedBytes();
    assertThat(control).isZero(); // a frame in flight is no longer counted
    for (int i = 0; i < 50; i++) {
      assertThat(outboxes.get(i).offer(i + 1, tail, false, GatewayMetrics.UNTIMED, null)).isTrue();
    }
    assertThat(tail.holders()).isEqualTo(50);
    long prefixes = 0;
    for (int i = 0; i < 50; i++) {
      prefixes += SharedTail.prefixLength(i + 1);
      assertThat(outboxes.get(i).queuedChars()).isEqualTo(tail.frameLength(i + 1));
    }
    assertThat(budget.usedBytes()).isEqualTo(2 * (TAIL.length() + prefixes));

    sockets.forEach(Socket::completeAll);
    assertThat(tail.holders()).isZero();
    assertThat(budget.usedBytes()).isZero();
    for (int i = 0; i < 50; i++) {
      assertThat(sockets.get(i).written)
          .containsExactly(
              "{\"op\":\"ready\"}", "{\"op\":\"event\",\"eventId\":" + (i + 1) + "," + TAIL);
    }
  }

  @Test
  void aDiscardedQueueGivesItsTailsBack() {
    BufferBudget budget = new BufferBudget(DataSize.ofMegabytes(8));
    Socket socket = new Socket();
    Outbox outbox = outbox(socket, budget);
    SharedTail tail = new SharedTail(TAIL);
    ReplayBuffer replay = new ReplayBuffer(1_000, 512 * 1024, budget);
    for (long id = 1; id <= 5; id++) {
      replay.add(id, tail);
      outbox.offer(id, tail, false, GatewayMetrics.UNTIMED, null); // the first is in flight
    }
    assertThat(tail.holders()).isEqualTo(9);
    outbox.discard();
    assertThat(tail.holders()).isEqualTo(5);
    replay.clear(5);
    assertThat(tail.holders()).isZero();
    assertThat(budget.usedBytes()).isZero();
  }
}
