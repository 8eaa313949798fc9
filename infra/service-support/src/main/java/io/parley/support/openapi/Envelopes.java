package io.parley.support.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.beans.Introspector;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * Handlers answer {@code {user}}, {@code {message}} or {@code {conversation}} as a one-entry map,
 * which springdoc can only describe as "a map of views". This names the entry: a map of {@code
 * FooView} becomes an object with one required property {@code foo}, as docs/api.md writes it.
 */
class Envelopes implements OpenApiCustomizer {
  private static final String REF_PREFIX = "#/components/schemas/";

  @Override
  public void customise(OpenAPI openApi) {
    if (openApi.getPaths() == null) {
      return;
    }
    openApi
        .getPaths()
        .values()
        .forEach(
            path ->
                path.readOperations().stream()
                    .filter(operation -> operation.getResponses() != null)
                    .flatMap(operation -> operation.getResponses().values().stream())
                    .forEach(Envelopes::name));
  }

  private static void name(ApiResponse response) {
    if (response.getContent() == null) {
      return;
    }
    for (MediaType media : response.getContent().values()) {
      Schema<?> schema = media.getSchema();
      if (schema == null || !(schema.getAdditionalProperties() instanceof Schema<?> value)) {
        continue;
      }
      String ref = value.get$ref();
      if (ref == null || !ref.startsWith(REF_PREFIX) || !ref.endsWith("View")) {
        continue;
      }
      String view = ref.substring(REF_PREFIX.length(), ref.length() - "View".length());
      String key = Introspector.decapitalize(view);
      media.setSchema(
          new ObjectSchema().addProperty(key, new Schema<>().$ref(ref)).required(List.of(key)));
    }
  }
}
