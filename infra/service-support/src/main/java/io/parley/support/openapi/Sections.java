package io.parley.support.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.tags.Tag;
import java.beans.Introspector;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.util.StringUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * Operations grouped as docs/api.md's sections, not by controller class, and named after their
 * handler ({@code messageSend}, {@code groupSearchSearch}): stable ids that do not depend on the
 * order springdoc meets handlers with the same method name.
 */
class Sections implements OpenApiCustomizer, OperationCustomizer {
  static final String ACCOUNTS = "Accounts and auth";
  static final String CONVERSATIONS = "Conversations";
  static final String MESSAGES = "Messages";
  static final String FILES = "Files";

  @Override
  public Operation customize(Operation operation, HandlerMethod handler) {
    String controller = handler.getBeanType().getSimpleName().replaceFirst("Controller$", "");
    return operation.operationId(
        Introspector.decapitalize(controller)
            + StringUtils.capitalize(handler.getMethod().getName()));
  }

  @Override
  public void customise(OpenAPI openApi) {
    openApi.setTags(
        List.of(
            new Tag().name(ACCOUNTS).description("Register, log in, tokens, profile, users"),
            new Tag()
                .name(CONVERSATIONS)
                .description("Direct conversations, groups, members, bans"),
            new Tag()
                .name(MESSAGES)
                .description("History, sending, edits, reactions, read markers"),
            new Tag()
                .name(FILES)
                .description("Uploads, file downloads, avatars and group pictures")));
    if (openApi.getPaths() == null) {
      return;
    }
    openApi
        .getPaths()
        .forEach(
            (path, item) ->
                item.readOperations().forEach(op -> op.setTags(List.of(sectionOf(path)))));
  }

  static String sectionOf(String path) {
    if (path.startsWith("/api/uploads")
        || path.startsWith("/api/files")
        || path.equals("/api/me/avatar")
        || path.matches("/api/groups/\\{[^}]+}/picture")) {
      return FILES;
    }
    if (path.startsWith("/api/auth")
        || path.startsWith("/api/me")
        || path.startsWith("/api/users")) {
      return ACCOUNTS;
    }
    if (path.matches("/api/conversations/\\{[^}]+}/(messages|read).*")) {
      return MESSAGES;
    }
    return CONVERSATIONS;
  }
}
