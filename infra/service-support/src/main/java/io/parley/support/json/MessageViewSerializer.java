package io.parley.support.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.parley.events.message.MessageView;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a {@link MessageView} field by field, in the record's order and with the same text as
 * Jackson's bean serializer (docs/adr/0216). A history page is 50 of them and JSON was a third of a
 * warm page read: the bean serializer called each accessor by reflection, looked up a serializer
 * per list and formatted each instant with {@code DateTimeFormatter}. The same bytes come out of
 * the send answer and each {@code message.created} push. {@code MessageViewSerializerTest} compares
 * it with the bean serializer, byte for byte.
 */
public final class MessageViewSerializer extends StdSerializer<MessageView> {
  public MessageViewSerializer() {
    super(MessageView.class);
  }

  @Override
  public void serialize(MessageView m, JsonGenerator g, SerializerProvider provider)
      throws IOException {
    char[] chars = new char[IsoText.INSTANT_MAX];
    g.writeStartObject(m);
    g.writeStringField("messageId", Long.toString(m.messageId()));
    uuidField(g, "conversationId", m.conversationId(), chars);
    g.writeNumberField("seq", m.seq());
    uuidField(g, "senderId", m.senderId(), chars);
    g.writeStringField("body", m.body());
    g.writeStringField(
        "replyToMessageId", m.replyToMessageId() == null ? null : m.replyToMessageId().toString());
    instantField(g, "createdAt", m.createdAt(), chars);
    instantField(g, "editedAt", m.editedAt(), chars);
    g.writeBooleanField("deleted", m.deleted());
    reactions(g, m.reactions());
    List<?> attachments = m.attachments();
    if (attachments.isEmpty()) {
      g.writeFieldName("attachments");
      g.writeStartArray(attachments, 0);
      g.writeEndArray();
    } else {
      provider.defaultSerializeField("attachments", attachments, g);
    }
    g.writeFieldName("mentions");
    g.writeStartArray(m.mentions(), m.mentions().size());
    for (UUID mentioned : m.mentions()) {
      uuid(g, mentioned, chars);
    }
    g.writeEndArray();
    g.writeBooleanField("mentionsEveryone", m.mentionsEveryone());
    g.writeStringField("ciphertext", m.ciphertext());
    g.writeEndObject();
  }

  private static void reactions(JsonGenerator g, Map<String, Integer> reactions)
      throws IOException {
    g.writeFieldName("reactions");
    if (reactions == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject(reactions);
    for (Map.Entry<String, Integer> reaction : reactions.entrySet()) {
      g.writeFieldName(reaction.getKey());
      if (reaction.getValue() == null) {
        g.writeNull();
      } else {
        g.writeNumber(reaction.getValue());
      }
    }
    g.writeEndObject();
  }

  private static void uuidField(JsonGenerator g, String name, UUID value, char[] chars)
      throws IOException {
    g.writeFieldName(name);
    uuid(g, value, chars);
  }

  private static void uuid(JsonGenerator g, UUID value, char[] chars) throws IOException {
    if (value == null) {
      g.writeNull();
    } else {
      g.writeString(chars, 0, IsoText.uuid(value, chars));
    }
  }

  private static void instantField(JsonGenerator g, String name, Instant value, char[] chars)
      throws IOException {
    g.writeFieldName(name);
    if (value == null) {
      g.writeNull();
    } else {
      int length = IsoText.instant(value, chars);
      if (length < 0) {
        g.writeString(value.toString()); // outside years 0000-9999: the JDK's own text
      } else {
        g.writeString(chars, 0, length);
      }
    }
  }
}
