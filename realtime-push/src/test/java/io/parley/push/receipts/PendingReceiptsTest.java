package io.parley.push.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Who a delivery step concerns (docs/adr/0222). */
class PendingReceiptsTest {
  private final PendingReceipts receipts = new PendingReceipts();
  private final UUID conversation = UUID.randomUUID();
  private final UUID alice = UUID.randomUUID();
  private final UUID bob = UUID.randomUUID();
  private final UUID carol = UUID.randomUUID();
  private final UUID dave = UUID.randomUUID();

  @Test
  void aStepConcernsTheAuthorsOfTheMessagesItShowsDeliveredFirst() {
    receipts.sent(conversation, 1, alice);
    receipts.sent(conversation, 2, alice);
    receipts.sent(conversation, 3, bob);

    assertThat(receipts.concerned(conversation, carol, 0, 1)).containsExactly(alice);
    assertThat(receipts.concerned(conversation, dave, 0, 1))
        .as("alice already knows 1 was delivered")
        .isEmpty();
    assertThat(receipts.concerned(conversation, dave, 1, 2))
        .as("her newer message was not covered yet")
        .containsExactly(alice);
    assertThat(receipts.concerned(conversation, carol, 1, 3)).containsExactly(bob);
    assertThat(receipts.concerned(conversation, alice, 0, 3)).isEmpty();
  }

  @Test
  void theAckersOwnMessagesNeverConcernTheAcker() {
    receipts.sent(conversation, 1, alice);
    receipts.sent(conversation, 2, bob);

    assertThat(receipts.concerned(conversation, bob, 0, 2)).containsExactly(alice);
    assertThat(receipts.concerned(conversation, alice, 0, 2)).containsExactly(bob);
  }

  @Test
  void everyOtherMemberIsToldWhenTheStepMayCoverMessagesThisProcessDidNotSee() {
    assertThat(receipts.concerned(conversation, bob, 0, 1)).as("nothing seen live").isNull();

    receipts.sent(conversation, 5, alice);
    assertThat(receipts.concerned(conversation, bob, 0, 5))
        .as("1 to 4 were sent before this process saw the conversation")
        .isNull();
    assertThat(receipts.concerned(conversation, carol, 4, 5))
        .as("the step before told alice")
        .isEmpty();
    assertThat(receipts.concerned(conversation, carol, 5, 6)).as("6 not seen yet").isNull();
    receipts.sent(conversation, 6, alice);
    assertThat(receipts.concerned(conversation, dave, -1, 6))
        .as("a step announced without where it started")
        .isNull();
    assertThat(receipts.concerned(conversation, bob, 5, 6)).isEmpty();
  }
}
