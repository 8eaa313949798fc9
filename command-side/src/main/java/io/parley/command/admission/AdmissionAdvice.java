package io.parley.command.admission;

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

/** A refused send leaves as a 503 problem of type {@code overloaded} with a Retry-After. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class AdmissionAdvice {
  private final Shedding shedding;

  AdmissionAdvice(Shedding shedding) {
    this.shedding = shedding;
  }

  @ExceptionHandler(SendsRefused.class)
  ResponseEntity<ProblemDetail> refused(SendsRefused e) {
    shedding.shed(503, "overloaded");
    return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", e.getMessage()));
  }
}
