package io.parley.support.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
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
  // Field names encoded once, as the bean serializer keeps them.
  private static final SerializedString MESSAGE_ID = new SerializedString("messageId");
  private static final SerializedString CONVERSATION_ID = new SerializedString("conversationId");
  private static final SerializedString SEQ = new SerializedString("seq");
  private static final SerializedString SENDER_ID = new SerializedString("senderId");
  private static final SerializedString BODY = new SerializedString("body");
  private static final SerializedString REPLY_TO_MESSAGE_ID =
      new SerializedString("replyToMessageId");
  private static final SerializedString CREATED_AT = new SerializedString("createdAt");
  private static final SerializedString EDITED_AT = new SerializedString("editedAt");
  private static final SerializedString DELETED = new SerializedString("deleted");
  private static final SerializedString REACTIONS = new SerializedString("reactions");
  private static final SerializedString ATTACHMENTS = new SerializedString("attachments");
  private static final SerializedString MENTIONS = new SerializedString("mentions");
  private static final SerializedString MENTIONS_EVERYONE =
      new SerializedString("mentionsEveryone");
  private static final SerializedString CIPHERTEXT = new SerializedString("ciphertext");

  public MessageViewSerializer() {
    super(MessageView.class);
  }

  @Override
  public void serialize(MessageView m, JsonGenerator g, SerializerProvider provider)
      throws IOException {
    char[] chars = new char[IsoText.INSTANT_MAX];
    g.writeStartObject(m);
    g.writeFieldName(MESSAGE_ID);
    g.writeString(Long.toString(m.messageId()));
    uuidField(g, CONVERSATION_ID, m.conversationId(), chars);
    g.writeFieldName(SEQ);
    g.writeNumber(m.seq());
    uuidField(g, SENDER_ID, m.senderId(), chars);
    g.writeFieldName(BODY);
    g.writeString(m.body());
    g.writeFieldName(REPLY_TO_MESSAGE_ID);
    g.writeString(m.replyToMessageId() == null ? null : m.replyToMessageId().toString());
    instantField(g, CREATED_AT, m.createdAt(), chars);
    instantField(g, EDITED_AT, m.editedAt(), chars);
    g.writeFieldName(DELETED);
    g.writeBoolean(m.deleted());
    reactions(g, m.reactions());
    List<?> attachments = m.attachments();
    g.writeFieldName(ATTACHMENTS);
    if (attachments.isEmpty()) {
      g.writeStartArray(attachments, 0);
      g.writeEndArray();
    } else {
      provider.defaultSerializeValue(attachments, g);
    }
    g.writeFieldName(MENTIONS);
    g.writeStartArray(m.mentions(), m.mentions().size());
    for (UUID mentioned : m.mentions()) {
      uuid(g, mentioned, chars);
    }
    g.writeEndArray();
    g.writeFieldName(MENTIONS_EVERYONE);
    g.writeBoolean(m.mentionsEveryone());
    g.writeFieldName(CIPHERTEXT);
    g.writeString(m.ciphertext());
    g.writeEndObject();
  }

  private static void reactions(JsonGenerator g, Map<String, Integer> reactions)
      throws IOException {
    g.writeFieldName(REACTIONS);
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

  private static void uuidField(JsonGenerator g, SerializedString name, UUID value, char[] chars)
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

  private static void instantField(
      JsonGenerator g, SerializedString name, Instant value, char[] chars) throws IOException {
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
