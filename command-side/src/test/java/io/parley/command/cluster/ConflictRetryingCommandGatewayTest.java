package io.parley.command.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronizationManager;

class ConflictRetryingCommandGatewayTest {
  record Send(String body) {}

  private final SimpleCommandBus bus = SimpleCommandBus.builder().build();
  private final AtomicInteger attempts = new AtomicInteger();

  private ConflictRetryingCommandGateway gatewayFailing(int conflicts, RuntimeException other) {
    bus.subscribe(
        Send.class.getName(),
        message -> {
          int attempt = attempts.incrementAndGet();
          if (other != null) {
            throw other;
          }
          if (attempt <= conflicts) {
            throw new ConcurrencyException("another process appended sequence " + attempt);
          }
          return "sent on attempt " + attempt;
        });
    return new ConflictRetryingCommandGateway(bus);
  }

  @Test
  void aCommandThatLostARaceRunsAgainAgainstTheNewState() {
    String answer = gatewayFailing(2, null).sendAndWait(new Send("hi"));

    assertThat(answer).isEqualTo("sent on attempt 3");
  }

  @Test
  void itGivesUpAfterItsAttempts() {
    ConflictRetryingCommandGateway gateway = gatewayFailing(100, null);

    assertThatThrownBy(() -> gateway.sendAndWait(new Send("hi")))
        .isInstanceOf(ConcurrencyException.class);
    assertThat(attempts).hasValue(ConflictRetryingCommandGateway.ATTEMPTS);
  }

  @Test
  void aDomainErrorIsNeverRepeated() {
    ConflictRetryingCommandGateway gateway =
        gatewayFailing(0, new IllegalArgumentException("not a member"));

    assertThatThrownBy(() -> gateway.sendAndWait(new Send("hi")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void insideTheCallersTransactionTheCallerRetries() {
    ConflictRetryingCommandGateway gateway = gatewayFailing(1, null);
    TransactionSynchronizationManager.setActualTransactionActive(true);
    try {
      assertThatThrownBy(() -> gateway.sendAndWait(new Send("hi")))
          .isInstanceOf(ConcurrencyException.class);
    } finally {
      TransactionSynchronizationManager.setActualTransactionActive(false);
    }
    assertThat(attempts).hasValue(1);
  }
}
