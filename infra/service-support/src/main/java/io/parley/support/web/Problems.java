package io.parley.support.web;

import java.net.URI;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds RFC 9457 problem details with Parley's problem types. */
public final class Problems {
  private Problems() {}

  public static URI type(String slug) {
    return URI.create("urn:parley:problem:" + slug);
  }

  public static ProblemDetail of(HttpStatusCode status, String slug, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(type(slug));
    return problem;
  }
}
