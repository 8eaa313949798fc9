package io.parley.support.openapi;

import io.parley.support.web.PublicRoutes;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The error answers of docs/api.md's conventions, as RFC 9457 problem details ({@code
 * application/problem+json}) on every operation they can come from. Which operation can answer
 * which status follows from its route, the way the API is built: every route validates its input
 * (400), every route but the open ones needs a token (401), a path naming a resource can miss
 * (404), a body can be too large or of the wrong type (413, 415), a write in a conversation can be
 * refused (403) or conflict (409). The few exceptions are listed by route.
 */
class ProblemResponses implements OpenApiCustomizer {
  static final String PROBLEM_JSON = "application/problem+json";
  private static final String PROBLEM_REF = "#/components/schemas/Problem";
  private static final String RETRY_AFTER_REF = "#/components/headers/Retry-After";

  /** Status → (problem type slug, title, example detail). */
  private record Kind(String slug, String title, String detail) {}

  private static final Map<Integer, Kind> KINDS =
      Map.of(
          400, new Kind("invalid-input", "Bad Request", "Some fields are invalid."),
          401, new Kind("unauthenticated", "Unauthorized", "A bearer access token is required."),
          403, new Kind("forbidden", "Forbidden", "You may not do that here."),
          404, new Kind("not-found", "Not Found", "No such conversation."),
          409, new Kind("conflict", "Conflict", "That clientMessageId is already used."),
          413, new Kind("payload-too-large", "Payload Too Large", "The request body is too large."),
          415,
              new Kind(
                  "unsupported-media-type",
                  "Unsupported Media Type",
                  "Content-Type 'text/plain' is not supported."),
          429, new Kind("rate-limited", "Too Many Requests", "Too many attempts; try later."));

  /** A read whose read models did not catch up within the barrier's bound (docs/adr/0110). */
  private static final Kind LAGGING =
      new Kind(
          "read-models-lagging",
          "Service Unavailable",
          "The read models are behind; ask again after Retry-After.");

  /** The reads that wait at the read barrier (docs/adr/0110) and answer 503 past its bound. */
  private static final Set<String> BARRIERED_READS =
      Set.of(
          "GET /api/conversations/{conversationId}/messages",
          "GET /api/conversations/{conversationId}/activity",
          "GET /api/conversations/{conversationId}/keys",
          "GET /api/groups/{groupId}/invites",
          "GET /api/groups/{groupId}/bans",
          "GET /api/invites/{code}",
          "GET /api/me",
          "GET /api/users/{userId}",
          "GET /api/users/{userId}/device-keys");

  @Override
  public void customise(OpenAPI openApi) {
    Components components = openApi.getComponents();
    components.addSchemas("Problem", problemSchema());
    components.addHeaders(
        "Retry-After",
        new Header()
            .description("Whole seconds to wait before sending the request again.")
            .schema(new IntegerSchema().minimum(java.math.BigDecimal.ONE)));
    if (openApi.getPaths() == null) {
      return;
    }
    openApi
        .getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap().forEach((method, op) -> describe(path, method, op)));
  }

  private static void describe(String path, PathItem.HttpMethod method, Operation op) {
    boolean open = PublicRoutes.isOpenPattern(path);
    boolean names = path.contains("{");
    boolean write = method != PathItem.HttpMethod.GET;
    boolean inConversation =
        path.startsWith("/api/groups/{") || path.startsWith("/api/conversations/{");
    String route = method + " " + path;
    if (open) {
      op.setSecurity(List.of()); // no token: docs/adr/0085
    }
    add(op, 400, KINDS.get(400));
    if (!path.equals("/api/auth/register") && !path.equals("/api/auth/logout")) {
      add(op, 401, KINDS.get(401));
    }
    if ((write && inConversation)
        || route.equals("GET /api/groups/{groupId}/bans")
        || route.equals("POST /api/me/password")) {
      add(op, 403, KINDS.get(403));
    }
    if (names) {
      add(op, 404, KINDS.get(404));
    }
    if (route.equals("POST /api/auth/register")) {
      add(op, 409, new Kind("username-taken", "Conflict", "That username is taken."));
    } else if (write && inConversation) {
      add(op, 409, KINDS.get(409));
    }
    if (op.getRequestBody() != null) {
      add(op, 413, KINDS.get(413));
      add(op, 415, KINDS.get(415));
    }
    if (route.equals("POST /api/auth/register") || route.equals("POST /api/auth/login")) {
      retryAfter(add(op, 429, KINDS.get(429)));
    }
    if (route.equals("POST /api/conversations/{conversationId}/messages")) {
      retryAfter(
          add(
              op,
              503,
              new Kind(
                  "overloaded",
                  "Service Unavailable",
                  "Messages cannot be delivered in time; nothing was written, send again.")));
    }
    files(route, op);
    if (BARRIERED_READS.contains(route)) {
      retryAfter(add(op, 503, LAGGING));
    }
  }

  /** The file routes' own answers (docs/api.md "Files", docs/adr/0140). */
  private static void files(String route, Operation op) {
    switch (route) {
      case "PUT /api/uploads/{uploadId}" -> {
        // Any Content-Type is taken: the type is detected from the bytes.
        op.getResponses().remove("415");
        add(op, 409, new Kind("quota-exceeded", "Conflict", "This upload would pass your quota."));
        ApiResponse ok = op.getResponses().get("200");
        if (ok != null) {
          op.getResponses()
              .addApiResponse(
                  "201",
                  new ApiResponse()
                      .description("Stored (a retry with the same bytes answers 200)")
                      .content(ok.getContent()));
        }
      }
      case "DELETE /api/uploads/{uploadId}" -> {
        add(op, 409, new Kind("conflict", "Conflict", "That upload is attached."));
        retryAfter(add(op, 503, LAGGING));
      }
      case "GET /api/files/{attachmentId}", "GET /api/files/{attachmentId}/thumbnail" -> {
        op.getResponses()
            .addApiResponse("206", new ApiResponse().description("The range asked for"));
        op.getResponses()
            .addApiResponse("304", new ApiResponse().description("If-None-Match matched the ETag"));
        op.getResponses()
            .addApiResponse(
                "416",
                new ApiResponse()
                    .description("The range is outside the file (Content-Range: bytes */size)"));
        retryAfter(add(op, 503, LAGGING));
      }
      default -> {
        // no file route
      }
    }
  }

  private static ApiResponse add(Operation op, int status, Kind kind) {
    String code = Integer.toString(status);
    Map<String, Object> example = new TreeMap<>();
    example.put("type", "urn:parley:problem:" + kind.slug());
    example.put("title", kind.title());
    example.put("status", status);
    example.put("detail", kind.detail());
    if (status == 400) {
      example.put("errors", List.of(Map.of("field", "body", "message", "must not be blank")));
    }
    ApiResponse response =
        new ApiResponse()
            .description(kind.title() + " (" + "urn:parley:problem:" + kind.slug() + ")")
            .content(
                new Content()
                    .addMediaType(
                        PROBLEM_JSON,
                        new MediaType().schema(new Schema<>().$ref(PROBLEM_REF)).example(example)));
    op.getResponses().addApiResponse(code, response);
    return response;
  }

  private static void retryAfter(ApiResponse response) {
    response.addHeaderObject("Retry-After", new Header().$ref(RETRY_AFTER_REF));
  }

  private static Schema<?> problemSchema() {
    Schema<?> fieldError =
        new ObjectSchema()
            .addProperty("field", new StringSchema().example("body"))
            .addProperty("message", new StringSchema().example("must not be blank"))
            .required(List.of("field", "message"));
    return new ObjectSchema()
        .description(
            "An RFC 9457 problem detail. `type` is urn:parley:problem:<slug>; `errors` lists every"
                + " invalid field of a 400.")
        .addProperty(
            "type", new StringSchema().format("uri").example("urn:parley:problem:not-found"))
        .addProperty("title", new StringSchema())
        .addProperty("status", new IntegerSchema())
        .addProperty("detail", new StringSchema())
        .addProperty("instance", new StringSchema().format("uri"))
        .addProperty("errors", new ArraySchema().items(fieldError))
        .required(new ArrayList<>(List.of("type", "title", "status")));
  }
}
