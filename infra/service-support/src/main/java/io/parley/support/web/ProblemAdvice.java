package io.parley.support.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.parley.events.common.DomainException;
import io.parley.support.axon.RemoteFailures;
import io.parley.support.metrics.Shedding;
import io.parley.support.text.TextModules;
import io.parley.support.text.WellFormedText;
import java.util.List;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every failure leaves as an RFC 9457 problem: domain codes with their status, bad input as 400
 * with each field, framework errors with theirs, and anything unexpected as a bare 500 with no
 * details (logged here instead).
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

  private final ObjectProvider<Shedding> shedding;

  public ProblemAdvice(ObjectProvider<Shedding> shedding) {
    this.shedding = shedding;
  }

  @ExceptionHandler(DomainException.class)
  ResponseEntity<ProblemDetail> domain(DomainException e) {
    HttpStatus status = HttpStatus.valueOf(e.code().status());
    ResponseEntity<ProblemDetail> response = problem(status, e.code().slug(), e.getMessage());
    if (status == HttpStatus.UNAUTHORIZED) {
      // RFC 9110: a 401 names the scheme that would be accepted
      return ResponseEntity.status(status)
          .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(response.getBody());
    }
    return response;
  }

  /**
   * A command refused by a handler in another process, through Axon Server: the details carry the
   * domain error (docs/adr/0172), answered exactly as if it had been thrown here.
   */
  @ExceptionHandler(CommandExecutionException.class)
  ResponseEntity<ProblemDetail> remoteCommand(CommandExecutionException e) {
    Throwable local = RemoteFailures.asLocal(e);
    if (local instanceof DomainException domain) {
      return domain(domain);
    }
    return unexpected(e);
  }

  @ExceptionHandler(RateLimitedException.class)
  ResponseEntity<ProblemDetail> rateLimited(RateLimitedException e) {
    shedding.ifAvailable(counter -> counter.shed(429, "rate-limited"));
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()))
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", e.getMessage()));
  }

  @ExceptionHandler(InvalidInputException.class)
  ResponseEntity<ProblemDetail> invalid(InvalidInputException e) {
    return invalidFields(e.errors());
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
    return invalidFields(
        List.of(new InvalidInputException.FieldError(e.getName(), "has an invalid format")));
  }

  @ExceptionHandler(AggregateNotFoundException.class)
  ResponseEntity<ProblemDetail> aggregateNotFound(AggregateNotFoundException e) {
    return problem(HttpStatus.NOT_FOUND, "not-found", "Not found.");
  }

  @ExceptionHandler({ConcurrencyException.class, EventStoreException.class})
  ResponseEntity<ProblemDetail> conflict(RuntimeException e) {
    if (e instanceof EventStoreException
        && !(e instanceof ConcurrencyException)
        && !String.valueOf(e.getMessage()).contains("aggregate identifier")) {
      return unexpected(e);
    }
    return problem(HttpStatus.CONFLICT, "conflict", "The resource changed or already exists.");
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    log.error("Unexpected failure", e);
    return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Something went wrong.");
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    if (causedByOversizeBody(e)) {
      return cast(
          problem(HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", "The body is too large."));
    }
    TextModules.IllFormedTextException illFormed = illFormedText(e);
    if (illFormed != null) {
      return cast(
          invalidFields(
              List.of(
                  new InvalidInputException.FieldError(
                      fieldOf(illFormed), WellFormedRequestFilter.Messages.ILL_FORMED))));
    }
    return cast(
        problem(
            HttpStatus.BAD_REQUEST,
            "malformed-body",
            "The body is not valid JSON of the expected shape."));
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return cast(
        invalidFields(
            e.getFieldErrors().stream()
                .map(
                    error ->
                        new InvalidInputException.FieldError(
                            error.getField(), String.valueOf(error.getDefaultMessage())))
                .toList()));
  }

  @Override
  protected ResponseEntity<Object> createResponseEntity(
      @Nullable Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    if (body instanceof ProblemDetail problem
        && problem.getType() != null
        && "about:blank".equals(problem.getType().toString())) {
      problem.setType(Problems.type(slug(status)));
    }
    HttpHeaders merged = new HttpHeaders();
    merged.addAll(headers);
    merged.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
    return new ResponseEntity<>(body, merged, status);
  }

  private static String slug(HttpStatusCode status) {
    HttpStatus known = HttpStatus.resolve(status.value());
    return known == null
        ? "status-" + status.value()
        : known.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  private static boolean causedByOversizeBody(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RequestBodyLimitFilter.BodyTooLargeException) {
        return true;
      }
    }
    return false;
  }

  private static TextModules.IllFormedTextException illFormedText(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TextModules.IllFormedTextException illFormed) {
        return illFormed;
      }
    }
    return null;
  }

  /** The JSON path of the field, e.g. {@code body} or {@code memberIds[2]}. */
  private static String fieldOf(JsonMappingException e) {
    StringBuilder field = new StringBuilder();
    for (JsonMappingException.Reference reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        if (!field.isEmpty()) {
          field.append('.');
        }
        field.append(WellFormedText.repaired(reference.getFieldName()));
      } else if (reference.getIndex() >= 0) {
        field.append('[').append(reference.getIndex()).append(']');
      }
    }
    return field.isEmpty() ? "body" : field.toString();
  }

  private static ResponseEntity<ProblemDetail> invalidFields(
      List<InvalidInputException.FieldError> errors) {
    return ResponseEntity.badRequest()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(InvalidInputException.problem(errors));
  }

  private static ResponseEntity<ProblemDetail> problem(
      HttpStatus status, String slug, String detail) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .body(Problems.of(status, slug, detail));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static ResponseEntity<Object> cast(ResponseEntity<ProblemDetail> entity) {
    return (ResponseEntity) entity;
  }
}
