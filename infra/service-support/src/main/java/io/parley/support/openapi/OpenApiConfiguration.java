package io.parley.support.openapi;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.parley.support.auth.AuthenticatedUser;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The REST contract as springdoc generates it at {@code /v3/api-docs}, with Swagger UI at {@code
 * /swagger-ui.html} (docs/adr/0130). The committed copy is {@code docs/openapi.json}; {@code
 * docs/api.md} stays the prose contract.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {
  static final String BEARER = "bearer";

  static {
    // The signed-in user is resolved from the bearer token, not sent as a parameter.
    SpringDocUtils.getConfig().addRequestWrapperToIgnore(AuthenticatedUser.class);
  }

  @Bean
  public OpenAPI parleyOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Parley API")
                .version("v1")
                .description(
                    "The public REST contract of Parley (prose: docs/api.md). Errors are RFC 9457"
                        + " problem details; the WebSocket gateway at GET /ws is described in"
                        + " docs/asyncapi.yaml."))
        // A relative server: the document names no host or port, so it is the same everywhere.
        .servers(List.of(new Server().url("/")))
        .components(
            new Components()
                .addSecuritySchemes(
                    BEARER,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")
                        .description("The access token from POST /api/auth/login (15 minutes).")))
        .addSecurityItem(new SecurityRequirement().addList(BEARER));
  }

  @Bean
  public OpenApiCustomizer parleyProblemResponses() {
    return new ProblemResponses();
  }

  @Bean
  public OpenApiCustomizer parleyEnvelopes() {
    return new Envelopes();
  }

  @Bean
  public Sections parleySections() {
    return new Sections();
  }

  @Bean
  public OpenApiCustomizer parleyConventions() {
    return new Conventions();
  }

  /** Ids written as strings ({@code @JsonFormat(shape = STRING)}) are strings in the contract. */
  @Bean
  public PropertyCustomizer parleyStringIds() {
    return (property, type) -> {
      for (java.lang.annotation.Annotation annotation :
          type.getCtxAnnotations() == null
              ? new java.lang.annotation.Annotation[0]
              : type.getCtxAnnotations()) {
        if (annotation instanceof JsonFormat format
            && format.shape() == JsonFormat.Shape.STRING
            && ("integer".equals(property.getType())
                || (property.getTypes() != null && property.getTypes().contains("integer")))) {
          return new StringSchema()
              .pattern("^[0-9]+$")
              .description("A 64-bit id as a decimal string (JS numbers lose precision).")
              .example("7290123456789012345");
        }
      }
      return property;
    };
  }
}
