package io.parley.command.conversation;

import io.parley.events.common.DomainException;
import io.parley.events.common.ErrorCode;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

/** Matches a refusal by its error code, which is what callers and the web layer act on. */
final class DomainErrors {
  private DomainErrors() {}

  static Matcher<DomainException> refusedWith(ErrorCode code) {
    return new TypeSafeMatcher<>() {
      @Override
      protected boolean matchesSafely(DomainException e) {
        return e.code() == code;
      }

      @Override
      public void describeTo(Description description) {
        description.appendText("a DomainException with code " + code);
      }
    };
  }
}
