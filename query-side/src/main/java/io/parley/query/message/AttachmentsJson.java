package io.parley.query.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.events.message.Attachment;
import java.util.List;

/**
 * A message's attachments as stored beside it (the timeline's CQL column, the inbox's last
 * message): the JSON list of their descriptions, {@code null} for none, so rows without attachments
 * cost nothing and rows written before attachments existed read as none.
 */
public final class AttachmentsJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final TypeReference<List<Attachment>> LIST = new TypeReference<>() {};

  private AttachmentsJson() {}

  /** The stored form: {@code null} for an empty or missing list. */
  public static String write(List<Attachment> attachments) {
    if (attachments == null || attachments.isEmpty()) {
      return null;
    }
    try {
      return JSON.writeValueAsString(attachments);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Attachments cannot be written as JSON", e);
    }
  }

  /** The list a stored value holds; empty for {@code null}. */
  public static List<Attachment> read(String json) {
    if (json == null || json.isEmpty()) {
      return List.of();
    }
    try {
      return List.copyOf(JSON.readValue(json, LIST));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored attachments are not valid JSON", e);
    }
  }
}
