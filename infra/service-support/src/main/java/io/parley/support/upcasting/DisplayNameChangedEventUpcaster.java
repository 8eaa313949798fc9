package io.parley.support.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.events.account.DisplayNameChangedEvent;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * The way Parley changes an event: {@link DisplayNameChangedEvent} revision 1 (stored without a
 * revision) called its field {@code name}; revision 2 calls it {@code displayName} like every other
 * event. Stored events are never rewritten: they are upcast as they are read.
 */
public class DisplayNameChangedEventUpcaster extends SingleEventUpcaster {
  private static final String TYPE = DisplayNameChangedEvent.class.getName();
  private static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(TYPE, null);
  private static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(TYPE, "2");

  @Override
  protected boolean canUpcast(IntermediateEventRepresentation representation) {
    return representation.getType().equals(REVISION_1);
  }

  @Override
  protected IntermediateEventRepresentation doUpcast(
      IntermediateEventRepresentation representation) {
    return representation.upcastPayload(
        REVISION_2,
        JsonNode.class,
        payload -> {
          ObjectNode event = (ObjectNode) payload;
          if (event.has("name") && !event.has("displayName")) {
            event.set("displayName", event.remove("name"));
          }
          return event;
        });
  }
}
