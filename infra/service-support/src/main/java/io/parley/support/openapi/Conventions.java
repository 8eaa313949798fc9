package io.parley.support.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * What docs/api.md states once for the whole API rather than per endpoint: list endpoints take
 * {@code limit} (1–200, default 50) and an opaque {@code cursor}; a response object carries every
 * field (absent values are {@code null}, never left out) and the fields docs/api.md lets be {@code
 * null} say so; the few closed vocabularies (kind, visibility, role, presence) are enums. Request
 * bodies keep their own per-field limits, declared on the request records.
 */
class Conventions implements OpenApiCustomizer {
  private static final Map<String, List<String>> VOCABULARIES =
      Map.of(
          "kind", List.of("direct", "group"),
          "visibility", List.of("public", "private"),
          "role", List.of("owner", "admin", "member"),
          "myRole", List.of("owner", "admin", "member"),
          "status", List.of("online", "offline"));

  /** Response fields that may be {@code null}, by schema (docs/api.md). */
  private static final Map<String, Set<String>> NULLABLE =
      Map.of(
          "MessageView", Set.of("body", "replyToMessageId", "editedAt"),
          "ConversationView", Set.of("name", "topic"),
          "InboxItem", Set.of("name", "topic", "lastMessage", "peer"),
          "ConversationDetails", Set.of("myRole", "readSeq"),
          "Presence", Set.of("lastSeenAt"));

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public void customise(OpenAPI openApi) {
    if (openApi.getPaths() != null) {
      openApi
          .getPaths()
          .values()
          .forEach(
              item ->
                  item.readOperations().stream()
                      .filter(op -> op.getParameters() != null)
                      .flatMap(op -> op.getParameters().stream())
                      .forEach(Conventions::listParameter));
    }
    openApi
        .getComponents()
        .getSchemas()
        .forEach(
            (name, schema) -> {
              if (schema.getProperties() == null || name.equals("Problem")) {
                return;
              }
              Map<String, Schema> properties = schema.getProperties();
              properties.forEach(
                  (field, property) -> {
                    List<String> values = VOCABULARIES.get(field);
                    if (values != null && "string".equals(typeOf(property))) {
                      property.setEnum(new ArrayList<>(values));
                    }
                  });
              if (!name.endsWith("Request")) {
                schema.setRequired(new ArrayList<>(properties.keySet()));
                Set<String> nullable =
                    new java.util.HashSet<>(NULLABLE.getOrDefault(name, Set.of()));
                if (name.endsWith("Page")) {
                  nullable.add("nextCursor");
                }
                nullable.forEach(
                    field -> properties.computeIfPresent(field, Conventions::nullable));
              }
            });
  }

  /** {@code nullable} beside a {@code $ref} is ignored in OpenAPI 3.0: wrap the reference. */
  @SuppressWarnings("rawtypes")
  private static Schema nullable(String field, Schema property) {
    if (property.get$ref() != null) {
      return new ComposedSchema()
          .allOf(List.of(new Schema<>().$ref(property.get$ref())))
          .nullable(true);
    }
    return property.nullable(true);
  }

  private static void listParameter(Parameter parameter) {
    if (!"query".equals(parameter.getIn())) {
      return;
    }
    if (parameter.getName().equals("limit")) {
      parameter.setSchema(
          new IntegerSchema()
              .minimum(java.math.BigDecimal.ONE)
              .maximum(java.math.BigDecimal.valueOf(200))
              ._default(50));
      parameter.setDescription("Page size, 1 to 200.");
    } else if (parameter.getName().equals("cursor")) {
      parameter.setDescription(
          "The nextCursor of the previous page; opaque. A malformed one is a 400 naming"
              + " `cursor`.");
    }
  }

  private static String typeOf(Schema<?> schema) {
    if (schema.getType() != null) {
      return schema.getType();
    }
    return schema.getTypes() == null || schema.getTypes().isEmpty()
        ? null
        : schema.getTypes().iterator().next();
  }
}
