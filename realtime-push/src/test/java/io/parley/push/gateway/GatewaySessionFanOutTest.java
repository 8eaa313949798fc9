package io.parley.push.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.push.protocol.MarkerMoved;
import io.parley.push.protocol.PushType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.CloseStatus;

/**
 * A big group's pushes reach every member's session with one serialised tail: the buffer budget
 * counts that tail once, not once per session (docs/adr/0196).
 */
class GatewaySessionFanOutTest {
  private static final int MEMBERS = 1_000;
  private static final int MESSAGES = 50;

  private final Sessions sessions = new Sessions(new ObjectMapper());
  private final SocketQuota quota = new SocketQuota(20, sessions);

  @Test
  void aThousandSessionsKeepingTheSameEventsDoNotPushTheBudgetToShedding() {
    // 4 M characters. Per message each session holds a frame of about 160 characters: counted per
    // session that is 8 M characters after 50 messages, past the 85% that sheds sessions. Counted
    // as a ~28-character prefix per session plus the ~130-character tail once, about 1.4 M.
    BufferBudget budget = new BufferBudget(DataSize.ofBytes(2 * 4_000_000));
    BudgetShedder shedder = new BudgetShedder(budget, sessions, quota, Runnable::run);
    shedder.install();
    List<UUID> members = new ArrayList<>();
    List<GatewaySession> all = new ArrayList<>();
    for (int i = 0; i < MEMBERS; i++) {
      UUID member = UUID.randomUUID();
      GatewaySession session =
          new GatewaySession(
              member, UUID.randomUUID().toString(), new ReplayBuffer(1_000, 512 * 1024, budget));
      sessions.add(session);
      quota.admit(session);
      members.add(member);
      all.add(session);
    }
    UUID conversation = UUID.randomUUID();
    for (long seq = 1; seq <= MESSAGES; seq++) {
      sessions.broadcast(
          members,
          Push.of(PushType.READ_UPDATED, conversation, seq, new MarkerMoved(members.get(0), seq)));
    }

    assertThat(shedder.shedSessions()).isZero();
    assertThat(all).allSatisfy(s -> assertThat(s.ended()).isFalse());
    assertThat(all).allSatisfy(s -> assertThat(s.lastEventId()).isEqualTo(MESSAGES));
    assertThat(budget.usedBytes()).isLessThan(budget.limitBytes() * 60 / 100);
    // Each session still bounds (and would replay) its whole frames.
    assertThat(all.get(0).footprint()).isGreaterThan(MESSAGES * 150L);

    all.forEach(s -> s.shed(CloseStatus.GOING_AWAY));
    assertThat(budget.usedBytes()).as("released when the last session drops them").isZero();
  }
}
