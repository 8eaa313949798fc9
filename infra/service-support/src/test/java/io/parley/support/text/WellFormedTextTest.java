package io.parley.support.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class WellFormedTextTest {
  record Message(String body, java.util.List<String> tags) {}

  @Test
  void pairedSurrogatesAndOrdinaryControlsAreWellFormed() {
    assertThat(WellFormedText.isWellFormed("emoji \uD83D\uDE00 tab\t newline\n")).isTrue();
    assertThat(WellFormedText.isWellFormed("")).isTrue();
  }

  @Test
  void loneSurrogatesAndNulAreNot() {
    assertThat(WellFormedText.isWellFormed("bad \ud800 x")).isFalse();
    assertThat(WellFormedText.isWellFormed("\udc00\ud800")).isFalse();
    assertThat(WellFormedText.isWellFormed("ends high \ud83d")).isFalse();
    assertThat(WellFormedText.isWellFormed("a\u0000b")).isFalse();
  }

  @Test
  void repairReplacesEachIllFormedUnitAndKeepsPairs() {
    assertThat(WellFormedText.repaired("bad \ud800 x \uD83D\uDE00 \u0000"))
        .isEqualTo("bad \uFFFD x \uD83D\uDE00 \uFFFD");
    assertThat(WellFormedText.repaired("\udc00\ud800")).isEqualTo("\uFFFD\uFFFD");
    String fine = "fine";
    assertThat(WellFormedText.repaired(fine)).isSameAs(fine);
  }

  @Test
  void theStrictModuleRefusesIllFormedFieldsAndNamesTheirPath() {
    ObjectMapper strict = new ObjectMapper().registerModule(TextModules.strict());
    assertThatThrownBy(() -> strict.readValue("{\"body\":\"a\\u0000b\"}", Message.class))
        .isInstanceOf(TextModules.IllFormedTextException.class)
        .satisfies(
            e ->
                assertThat(((TextModules.IllFormedTextException) e).getPath().get(0).getFieldName())
                    .isEqualTo("body"));
    assertThatThrownBy(() -> strict.readValue("{\"tags\":[\"ok\",\"\\ud800\"]}", Message.class))
        .isInstanceOf(TextModules.IllFormedTextException.class);
  }

  @Test
  void theRepairingModuleReadsWhatTheLogMayHold() throws Exception {
    ObjectMapper repairing = new ObjectMapper().registerModule(TextModules.repairing());
    Message message =
        repairing.readValue("{\"body\":\"bad \\ud800 x\",\"tags\":[\"\\u0000\"]}", Message.class);
    assertThat(message.body()).isEqualTo("bad \uFFFD x");
    assertThat(message.tags()).containsExactly("\uFFFD");
  }
}
