package io.parley.support.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Writes a problem response from a servlet filter, where no controller advice applies. */
public class ProblemWriter {
  private final ObjectMapper json;

  public ProblemWriter(ObjectMapper json) {
    this.json = json;
  }

  public void write(HttpServletResponse response, HttpStatus status, String slug, String detail)
      throws IOException {
    ProblemDetail problem = Problems.of(status, slug, detail);
    response.setStatus(status.value());
    response.setContentType("application/problem+json");
    response.setCharacterEncoding("UTF-8");
    json.writeValue(response.getOutputStream(), problem);
  }
}
