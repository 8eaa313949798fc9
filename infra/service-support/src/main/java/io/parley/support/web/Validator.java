package io.parley.support.web;

import io.parley.support.text.WellFormedText;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Collects every invalid field of a request, then fails once listing them all. */
public final class Validator {
  private final List<InvalidInputException.FieldError> errors = new ArrayList<>();

  public Validator require(boolean valid, String field, String message) {
    if (!valid) {
      errors.add(new InvalidInputException.FieldError(field, message));
    }
    return this;
  }

  /** A required string of {@code min..max} Unicode code points. Returns true when valid. */
  public boolean text(String value, String field, int min, int max) {
    if (value == null) {
      require(min == 0, field, "is required");
      return min == 0;
    }
    if (!WellFormedText.isWellFormed(value)) {
      require(false, field, WellFormedRequestFilter.Messages.ILL_FORMED);
      return false;
    }
    int length = value.codePointCount(0, value.length());
    boolean valid = length >= min && length <= max;
    require(valid, field, "must be " + min + " to " + max + " characters");
    return valid;
  }

  /** Parses a UUID field, recording an error when it is missing or malformed. */
  public UUID uuid(String value, String field) {
    if (value == null || value.isBlank()) {
      require(false, field, "is required");
      return null;
    }
    try {
      UUID parsed = UUID.fromString(value);
      require(parsed.toString().equalsIgnoreCase(value), field, "must be a UUID");
      return parsed;
    } catch (IllegalArgumentException e) {
      require(false, field, "must be a UUID");
      return null;
    }
  }

  public void throwIfInvalid() {
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
  }
}
