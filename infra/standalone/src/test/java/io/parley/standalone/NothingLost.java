package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** What every fault test checks once the app runs again and the senders have finished. */
final class NothingLost {
  private static final int RETRIED = 250;

  private NothingLost() {}

  /**
   * The group's history holds every acknowledged send exactly once, at the seq it was acknowledged
   * with; its seqs run 1, 2, 3 … with no gap, and it holds nothing else.
   */
  static void assertHistoryHoldsEveryAcknowledgedSendOnce(
      Calls calls, Calls.Actor reader, String groupId, Map<String, GroupSenders.Ack> acks) {
    List<JsonNode> history =
        Awaiting.until(
            () -> {
              List<JsonNode> items = history(calls, reader, groupId);
              return items.size() >= acks.size() ? items : null;
            },
            // parked timeline writes are retried every 2 s once the store is back; a loaded
            // machine may take a while to start a killed store again
            Duration.ofSeconds(300));
    assertThat(history).as("messages in the history").hasSize(acks.size());
    List<Long> seqs = history.stream().map(item -> item.path("seq").asLong()).toList();
    List<Long> expected = new ArrayList<>();
    for (long seq = 1; seq <= acks.size(); seq++) {
      expected.add(seq);
    }
    assertThat(seqs).as("seqs, in order, without gap").containsExactlyElementsOf(expected);
    Map<String, Long> seqByBody =
        history.stream()
            .collect(
                Collectors.toMap(
                    item -> item.path("body").asText(),
                    item -> item.path("seq").asLong(),
                    (first, duplicate) -> {
                      throw new AssertionError("one send became two messages: seq " + duplicate);
                    }));
    Map<String, Long> acknowledged = new HashMap<>();
    acks.forEach((clientMessageId, ack) -> acknowledged.put(clientMessageId, ack.seq()));
    assertThat(seqByBody)
        .as("each send at the seq it was acknowledged with")
        .isEqualTo(acknowledged);
  }

  /**
   * Sending an acknowledged message again returns the original: same seq, same message. Checks at
   * most {@code RETRIED} of them, spread evenly over the seqs, so a long run stays quick.
   */
  static void assertRetriesReturnTheOriginal(
      GroupSenders senders, Map<String, GroupSenders.Ack> acks) {
    List<GroupSenders.Ack> bySeq =
        acks.values().stream()
            .sorted(java.util.Comparator.comparingLong(GroupSenders.Ack::seq))
            .toList();
    int step = Math.max(1, bySeq.size() / RETRIED);
    for (int i = 0; i < bySeq.size(); i += step) {
      GroupSenders.Ack ack = bySeq.get(i);
      Optional<GroupSenders.Ack> again = senders.resend(ack);
      assertThat(again).as("retry of %s", ack.clientMessageId()).isPresent();
      assertThat(again.get().seq()).as("seq of a retried send").isEqualTo(ack.seq());
      assertThat(again.get().messageId()).isEqualTo(ack.messageId());
    }
  }

  private static List<JsonNode> history(Calls calls, Calls.Actor reader, String groupId) {
    List<JsonNode> items = new ArrayList<>();
    String cursor = "0";
    while (cursor != null) {
      ApiClient.Response page =
          calls.get(
              reader, "/api/conversations/" + groupId + "/messages?limit=200&after=" + cursor);
      if (page.status() != 200) {
        return List.of();
      }
      page.body().path("items").forEach(items::add);
      JsonNode next = page.body().path("nextCursor");
      cursor = next.isNull() || next.isMissingNode() ? null : next.asText();
    }
    return items;
  }
}
