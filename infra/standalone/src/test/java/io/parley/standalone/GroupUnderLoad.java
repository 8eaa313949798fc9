package io.parley.standalone;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A private group whose every member sends into it at once ({@link GroupSenders}). */
record GroupUnderLoad(Calls calls, String groupId, List<Calls.Actor> members) {

  static GroupUnderLoad create(int port, int members) {
    Calls calls = new Calls(port);
    List<Calls.Actor> actors = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      actors.add(calls.newUser("load"));
    }
    String groupId =
        Calls.expect(
                calls.post(
                    actors.get(0),
                    "/api/groups",
                    Map.of(
                        "name",
                        "Under load",
                        "visibility",
                        "private",
                        "memberIds",
                        actors.subList(1, members).stream()
                            .map(actor -> actor.id().toString())
                            .toList())),
                201)
            .path("conversation")
            .path("conversationId")
            .asText();
    return new GroupUnderLoad(calls, groupId, List.copyOf(actors));
  }

  GroupSenders startSending(int port) {
    return GroupSenders.start(port, groupId, members);
  }

  /** Every check of {@link NothingLost}, then every read model's own check. */
  void assertConverged(GroupSenders senders, Map<String, GroupSenders.Ack> acks, int port) {
    long started = System.nanoTime();
    NothingLost.assertHistoryHoldsEveryAcknowledgedSendOnce(calls, members.get(0), groupId, acks);
    FaultyLaunch.step("history of " + acks.size() + " messages checked", started);
    started = System.nanoTime();
    NothingLost.assertRetriesReturnTheOriginal(senders, acks);
    FaultyLaunch.step("every send retried", started);
    started = System.nanoTime();
    LaunchedOperator.signIn(FaultyLaunch.managementPort(port))
        .awaitEveryReadModelConsistent(java.time.Duration.ofSeconds(90));
    FaultyLaunch.step("every read model verified", started);
  }
}
