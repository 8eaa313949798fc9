package io.parley.push.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The buffer budget and the per-account quota on sessions without sockets. */
class SocketLimitBudgetTest {
  private static final String FRAME = "z".repeat(100);

  private final Sessions sessions = new Sessions(new ObjectMapper());
  private final SocketQuota quota = new SocketQuota(3, sessions);

  private GatewaySession detached(UUID userId, BufferBudget budget) {
    GatewaySession session =
        new GatewaySession(
            userId, UUID.randomUUID().toString(), new ReplayBuffer(1_000, 1 << 20, budget));
    sessions.add(session);
    quota.admit(session);
    return session;
  }

  @Test
  void theBudgetRefusesWhatWouldPassItAndGivesBackWhatIsReleased() {
    BufferBudget budget = new BufferBudget(DataSize.ofBytes(2_000)); // 1,000 characters
    assertThat(budget.reserve(900)).isTrue();
    assertThat(budget.shedsEphemeral()).isTrue();
    assertThat(budget.reserve(101)).isFalse();
    assertThat(budget.usedBytes()).isEqualTo(1_800);
    budget.release(900);
    assertThat(budget.shedsEphemeral()).isFalse();
    assertThat(budget.reserve(1_000)).isTrue();
  }

  @Test
  void underPressureTheBiggestSessionsGoFirstUntilBelowTheLowWaterMark() {
    BufferBudget budget = new BufferBudget(DataSize.ofBytes(2 * 10_000));
    BudgetShedder shedder = new BudgetShedder(budget, sessions, quota, Runnable::run);
    List<GatewaySession> bySize = new ArrayList<>();
    for (int size : new int[] {10, 20, 30}) {
      GatewaySession session = detached(UUID.randomUUID(), budget);
      for (int i = 0; i < size; i++) {
        session.deliver(FRAME, false);
      }
      bySize.add(session);
    }
    // About 7,500 characters of 10,000: no pressure yet.
    assertThat(sessions.all()).hasSize(3);
    shedder.install();
    GatewaySession small = bySize.get(0);
    for (int i = 0; i < 30; i++) {
      small.deliver(FRAME, false); // passes 85%: the biggest (30) goes, usage falls to 60%
    }
    assertThat(sessions.all()).doesNotContain(bySize.get(2)).contains(bySize.get(1));
    assertThat(shedder.shedSessions()).isEqualTo(1);
    assertThat(budget.usedBytes()).isLessThanOrEqualTo(budget.limitBytes());
    assertThat(bySize.get(2).footprint()).isZero();
  }

  @Test
  void aSessionTheBudgetCannotTakeIsShedRatherThanMissAnEvent() {
    BufferBudget budget = new BufferBudget(DataSize.ofBytes(2 * 1_000));
    GatewaySession session = detached(UUID.randomUUID(), budget);
    for (int i = 0; i < 11; i++) {
      session.deliver(FRAME, false);
    }
    assertThat(session.abandonedBefore(Long.MIN_VALUE)).as("shed, swept next").isTrue();
    assertThat(budget.usedBytes()).isZero();
  }

  @Test
  void ephemeralFramesAreNotKeptWhileTheBudgetIsTight() {
    BufferBudget budget = new BufferBudget(DataSize.ofBytes(2 * 1_000));
    GatewaySession session = detached(UUID.randomUUID(), budget);
    for (int i = 0; i < 6; i++) {
      session.deliver(FRAME, false); // each frame is the 100 characters and its event prefix
    }
    long used = budget.usedBytes();
    assertThat(budget.shedsEphemeral()).isTrue();
    session.deliver(FRAME, true);
    assertThat(session.lastEventId()).isEqualTo(6);
    assertThat(budget.usedBytes()).isEqualTo(used);
  }

  @Test
  void aNewSessionBeyondTheAccountsLimitDisplacesTheLeastRecentlyUsed() {
    BufferBudget budget = new BufferBudget(DataSize.ofMegabytes(1));
    UUID user = UUID.randomUUID();
    GatewaySession first = detached(user, budget);
    GatewaySession second = detached(user, budget);
    GatewaySession third = detached(user, budget);
    quota.touch(first);
    GatewaySession fourth = detached(user, budget);
    assertThat(sessions.all()).containsExactlyInAnyOrder(first, third, fourth);
    assertThat(second.abandonedBefore(Long.MIN_VALUE)).isTrue();
    assertThat(detached(UUID.randomUUID(), budget)).isNotNull();
    assertThat(sessions.all()).hasSize(4);
  }
}
