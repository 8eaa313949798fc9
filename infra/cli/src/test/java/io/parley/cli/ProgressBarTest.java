package io.parley.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressBarTest {
  @Test
  void showsFractionRateAndTimeLeft() {
    String line = ProgressBar.render(500, 1000, 100);
    assertThat(line).startsWith("[###############---------------]");
    assertThat(line).contains(" 50.0%").contains("500/1,000 events").contains("100 events/s");
    assertThat(line).contains("ETA 0:05");
  }

  @Test
  void aFinishedOrEmptyLogIsComplete() {
    assertThat(ProgressBar.render(0, 0, 0)).contains("100.0%").contains("ETA --:--");
    assertThat(ProgressBar.render(1200, 1000, 10)).contains("100.0%");
  }
}
