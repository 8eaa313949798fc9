package io.parley.query.consistency;

import io.parley.support.metrics.Shedding;
import io.parley.support.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A read whose barrier timed out leaves as 503 {@code read-models-lagging} with {@code Retry-After:
 * 1}, from every endpoint that waits on {@link ReadBarrier}. Ordered first: the catch-all advice
 * would otherwise answer 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class LaggingAdvice {
  private final Shedding shedding;

  public LaggingAdvice(Shedding shedding) {
    this.shedding = shedding;
  }

  @ExceptionHandler(ProjectionsLagging.class)
  ResponseEntity<ProblemDetail> lagging(ProjectionsLagging e) {
    shedding.shed(503, "read-models-lagging");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, "1")
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "read-models-lagging", e.getMessage()));
  }
}
