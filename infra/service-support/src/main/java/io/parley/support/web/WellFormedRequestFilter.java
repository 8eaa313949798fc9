package io.parley.support.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.support.text.WellFormedText;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose decoded path or query parameters hold ill-formed text (a lone surrogate,
 * U+0000) with 400 {@code invalid-input} naming each: no endpoint has to remember it, and no such
 * value reaches a store (docs/adr/0080). Request bodies are checked by Jackson ({@code
 * TextModules.strict()}).
 */
public class WellFormedRequestFilter extends OncePerRequestFilter {
  private final ObjectMapper json;

  public WellFormedRequestFilter(ObjectMapper json) {
    this.json = json;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    List<InvalidInputException.FieldError> errors = new ArrayList<>();
    String path = request.getRequestURI();
    if (!WellFormedText.isWellFormed(path) || hasEncodedNul(path)) {
      errors.add(new InvalidInputException.FieldError("path", Messages.ILL_FORMED));
    }
    for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
      boolean wellFormed = WellFormedText.isWellFormed(parameter.getKey());
      for (String value : parameter.getValue()) {
        wellFormed &= WellFormedText.isWellFormed(value);
      }
      if (!wellFormed) {
        String name = WellFormedText.repaired(parameter.getKey());
        errors.add(new InvalidInputException.FieldError(name, Messages.ILL_FORMED));
      }
    }
    if (errors.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    response.setStatus(HttpStatus.BAD_REQUEST.value());
    response.setContentType("application/problem+json");
    response.setCharacterEncoding("UTF-8");
    json.writeValue(response.getOutputStream(), InvalidInputException.problem(errors));
  }

  /** Path variables are decoded later, by Spring: a {@code %00} in the raw path is a NUL then. */
  private static boolean hasEncodedNul(String rawPath) {
    return rawPath.contains("%00");
  }

  /** The one wording of the rule, for every field it refuses. */
  public static final class Messages {
    public static final String ILL_FORMED =
        "must be well-formed Unicode text (no unpaired surrogate, no U+0000)";

    private Messages() {}
  }
}
