package io.parley.command.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WatchedProcessorsTest {
  @Test
  void eachWatchedProcessorHasItsOwnBudgetAndOneWithoutTakesTheDefault() {
    assertThat(
            AdmissionConfiguration.watched(
                " push-delivery:500ms, message-timeline : 2s ,probe,", Duration.ofMillis(200)))
        .containsExactly(
            new DeliveryLag.Watched("push-delivery", Duration.ofMillis(500)),
            new DeliveryLag.Watched("message-timeline", Duration.ofSeconds(2)),
            new DeliveryLag.Watched("probe", Duration.ofMillis(200)));
  }

  @Test
  void theDefaultLimitIsTwelveSendsPerProcessor() {
    assertThat(SendAdmission.defaultMaxInFlight(2)).isEqualTo(24);
    assertThat(SendAdmission.defaultMaxInFlight(8)).isEqualTo(96);
    assertThat(SendAdmission.defaultMaxInFlight(0)).isEqualTo(12);
  }

  @Test
  void aSendIsRefusedOnlyWhileAWatchedProcessorIsPastItsBudget() {
    Duration[] overdue = {Duration.ZERO};
    SendAdmission admission = new SendAdmission(4, () -> overdue[0], Duration.ofSeconds(1));
    admission.admit().close();
    overdue[0] = Duration.ofMillis(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(admission::admit)
        .isInstanceOf(SendsRefused.class);
  }
}
