package io.parley.push.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Who a read marker's step concerns (docs/adr/0222). */
class ReadAudienceTest {
  private final ReadAudience audience = new ReadAudience();
  private final UUID conversation = UUID.randomUUID();
  private final UUID alice = UUID.randomUUID();
  private final UUID bob = UUID.randomUUID();
  private final UUID carol = UUID.randomUUID();

  @Test
  void aStepConcernsTheReaderAndTheSendersOfTheMessagesItCovers() {
    audience.sent(conversation, 1, alice);
    audience.sent(conversation, 2, bob);
    assertThat(audience.read(conversation, carol, 1))
        .as("carol's marker not seen moving before")
        .isNull();
    assertThat(audience.read(conversation, carol, 2)).containsExactlyInAnyOrder(carol, bob);
    audience.sent(conversation, 3, alice);
    audience.sent(conversation, 4, alice);
    assertThat(audience.read(conversation, carol, 4)).containsExactlyInAnyOrder(carol, alice);
    assertThat(audience.read(conversation, carol, 4)).containsExactly(carol);
  }

  @Test
  void everyMemberIsToldWhenTheStepMayCoverMessagesThisProcessDoesNotRemember() {
    UUID dave = UUID.randomUUID();
    assertThat(audience.read(conversation, carol, 1)).as("no message seen live").isNull();
    audience.sent(conversation, 10, alice);
    assertThat(audience.read(conversation, dave, 10)).as("dave's marker not seen before").isNull();
    assertThat(audience.read(conversation, carol, 10)).as("carol was at 1: 2 to 9 unseen").isNull();
    assertThat(audience.read(conversation, carol, 11)).as("11 not seen yet").isNull();
    long newest = 11 + ReadAudience.RECENT;
    for (long seq = 11; seq <= newest; seq++) {
      audience.sent(conversation, seq, bob);
    }
    assertThat(audience.read(conversation, dave, newest))
        .as("11 left the window, and dave was at 10")
        .isNull();
    assertThat(audience.read(conversation, carol, newest)).containsExactlyInAnyOrder(carol, bob);
    audience.sent(conversation, newest + 1, alice);
    assertThat(audience.read(conversation, carol, newest + 1))
        .containsExactlyInAnyOrder(carol, alice);
  }
}
