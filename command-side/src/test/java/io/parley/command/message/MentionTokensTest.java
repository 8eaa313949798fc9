package io.parley.command.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MentionTokensTest {
  @Test
  void findsNamesInOrderOfFirstAppearanceWithoutDuplicates() {
    MentionTokens t = MentionTokens.of("@bob and @Alice, then @BOB again (@carol_1)");
    assertThat(t.names()).containsExactly("bob", "alice", "carol_1");
    assertThat(t.everyone()).isFalse();
  }

  @Test
  void aMentionEndsAtACharacterUsernamesCannotHold() {
    assertThat(MentionTokens.of("hey @bob!how").names()).containsExactly("bob");
    assertThat(MentionTokens.of("@b.o-b_9:x").names()).containsExactly("b.o-b_9");
  }

  @Test
  void trailingDotsAlsoOfferTheNameWithoutThem() {
    assertThat(MentionTokens.of("thanks @bob.").names()).containsExactly("bob.", "bob");
  }

  @Test
  void anEmailAddressNamesNoOne() {
    assertThat(MentionTokens.of("mail bob@example.org").none()).isTrue();
  }

  @Test
  void aLoneAtOrATooShortOrTooLongNameIsText() {
    assertThat(MentionTokens.of("@").none()).isTrue();
    assertThat(MentionTokens.of("@ @@ @ab").none()).isTrue();
    assertThat(MentionTokens.of("@" + "a".repeat(33)).none()).isTrue();
    assertThat(MentionTokens.of("@" + "a".repeat(32)).names()).hasSize(1);
  }

  @Test
  void hereAndEveryoneAreTheWholeConversationAnyCase() {
    assertThat(MentionTokens.of("@Here").everyone()).isTrue();
    assertThat(MentionTokens.of("ping @EVERYONE.").everyone()).isTrue();
    assertThat(MentionTokens.of("@everyone").names()).isEmpty();
    assertThat(MentionTokens.of("@everyones").everyone()).isFalse();
  }

  @Test
  void fullwidthFormsFoldLikeUsernamesDo() {
    assertThat(MentionTokens.of("\uFF20\uFF41\uFF4C\uFF49\uFF43\uFF45 hi").names())
        .containsExactly("alice");
  }

  @Test
  void atMostAHundredNamesAreLookedUp() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      body.append("@user").append(i).append(' ');
    }
    MentionTokens t = MentionTokens.of(body.toString());
    assertThat(t.names()).hasSize(MentionTokens.MAX_NAMES);
    assertThat(t.names().get(0)).isEqualTo("user0");
    assertThat(t.names()).doesNotContain("user100");
    assertThat(List.copyOf(t.names())).doesNotHaveDuplicates();
  }
}
