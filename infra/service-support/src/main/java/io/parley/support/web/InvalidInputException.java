package io.parley.support.web;

import java.util.List;

/** Bad input, with every offending field. Answered 400 with an {@code errors} list. */
public class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public record FieldError(String field, String message) {}

  private final transient List<FieldError> errors;

  public InvalidInputException(List<FieldError> errors) {
    super("The request has invalid fields.", null, false, false);
    this.errors = List.copyOf(errors);
  }

  public static InvalidInputException of(String field, String message) {
    return new InvalidInputException(List.of(new FieldError(field, message)));
  }

  /** The 400 problem listing {@code errors}, as {@code ProblemAdvice} answers it. */
  public static org.springframework.http.ProblemDetail problem(List<FieldError> errors) {
    org.springframework.http.ProblemDetail problem =
        Problems.of(
            org.springframework.http.HttpStatus.BAD_REQUEST,
            "invalid-input",
            "The request has invalid fields.");
    problem.setProperty("errors", errors);
    return problem;
  }

  public List<FieldError> errors() {
    return errors;
  }
}
