package io.parley.support.axon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.events.message.Attachment;
import io.parley.events.message.MessageDeletedEvent;
import io.parley.events.message.MessageSentEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.annotation.AnnotatedMessageHandlingMemberDefinition;
import org.axonframework.messaging.annotation.ClasspathParameterResolverFactory;
import org.axonframework.messaging.annotation.MultiHandlerDefinition;
import org.junit.jupiter.api.Test;

class HandlerConditionsTest {
  static final Instant T = Instant.parse("2026-12-07T02:00:00Z");

  /** A projection that, like file-access, has something to do only for messages with files. */
  static class Files {
    final List<Long> attached = new ArrayList<>();
    final List<Long> deleted = new ArrayList<>();

    @EventHandler
    @HandledWhen(WithAttachments.class)
    void on(MessageSentEvent event) {
      attached.add(event.seq());
    }

    @EventHandler
    void on(MessageDeletedEvent event) {
      deleted.add(event.seq());
    }
  }

  private static AnnotationEventHandlerAdapter adapter(Object listener) {
    return new AnnotationEventHandlerAdapter(
        listener,
        ClasspathParameterResolverFactory.forClass(listener.getClass()),
        MultiHandlerDefinition.ordered(
            new HandlerConditions(), new AnnotatedMessageHandlingMemberDefinition()));
  }

  private static EventMessage<?> sent(long seq, List<Attachment> attachments) {
    return GenericEventMessage.asEventMessage(
        new MessageSentEvent(
            UUID.randomUUID(),
            seq,
            seq,
            UUID.randomUUID(),
            UUID.randomUUID(),
            "hi",
            null,
            T,
            attachments,
            List.of(),
            false));
  }

  private static Attachment file() {
    return new Attachment(
        UUID.randomUUID(), "cat.png", "image/png", 3, "ab".repeat(32), 1, 1, false);
  }

  @Test
  void aHandlerWithAConditionTakesOnlyTheEventsThatPassIt() throws Exception {
    Files files = new Files();
    AnnotationEventHandlerAdapter adapter = adapter(files);

    EventMessage<?> plain = sent(1, List.of());
    EventMessage<?> withFile = sent(2, List.of(file()));
    assertThat(adapter.canHandle(plain)).as("a message without attachments").isFalse();
    assertThat(adapter.canHandle(withFile)).as("a message with one").isTrue();

    adapter.handle(plain);
    adapter.handle(withFile);
    assertThat(files.attached).containsExactly(2L);
  }

  @Test
  void handlersWithoutAConditionAreLeftAsTheyAre() throws Exception {
    Files files = new Files();
    AnnotationEventHandlerAdapter adapter = adapter(files);
    EventMessage<?> deleted =
        GenericEventMessage.asEventMessage(
            new MessageDeletedEvent(UUID.randomUUID(), 7, 7, UUID.randomUUID(), T));

    assertThat(adapter.canHandle(deleted)).isTrue();
    adapter.handle(deleted);
    assertThat(files.deleted).containsExactly(7L);
  }

  /** Not instantiable: private constructor. */
  static final class Hidden implements Predicate<Object> {
    private Hidden() {}

    @Override
    public boolean test(Object payload) {
      return true;
    }
  }

  static class Misconfigured {
    @EventHandler
    @HandledWhen(Hidden.class)
    void on(MessageSentEvent event) {}
  }

  @Test
  void aConditionThatCannotBeCreatedFailsAtStartupWithItsName() {
    assertThatThrownBy(() -> adapter(new Misconfigured()).canHandle(sent(1, List.of())))
        .hasMessageContaining(Hidden.class.getName());
  }
}
