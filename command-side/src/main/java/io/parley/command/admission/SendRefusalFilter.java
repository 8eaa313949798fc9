package io.parley.command.admission;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.parley.support.metrics.Shedding;
import io.parley.support.web.ProblemWriter;
import io.parley.support.web.PublicRoutes;
import io.parley.support.web.RequestAge;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a send before anything else is done for it (no token check, no body parsing) when it
 * already waited longer than {@code maxWait} for a worker thread (docs/adr/0212), or when {@link
 * SendAdmission} would refuse it now: the sends in flight at the limit, or delivery behind its
 * budget (docs/adr/0220). Under overload the wait is in Tomcat's queue, in front of the limit; a
 * send that arrives late is late for everyone who receives it, and the work spent refusing a send
 * deep in the stack is work taken from the sends that are accepted. Same answer as the limit's: 503
 * {@code overloaded} with a {@code Retry-After}. Only sends: reads and other writes go on as
 * before. Every send's wait is recorded ({@code parley.http.send.queue.wait}), refused or not.
 */
final class SendRefusalFilter extends OncePerRequestFilter {
  private final long maxWaitNanos;
  private final Duration retryAfter;
  private final SendAdmission admission;
  private final ProblemWriter problems;
  private final Shedding shedding;
  private final Timer waited;

  SendRefusalFilter(
      Duration maxWait,
      Duration retryAfter,
      SendAdmission admission,
      ProblemWriter problems,
      Shedding shedding,
      MeterRegistry meters) {
    this.maxWaitNanos = maxWait.toNanos();
    this.retryAfter = retryAfter;
    this.admission = admission;
    this.problems = problems;
    this.shedding = shedding;
    this.waited =
        Timer.builder("parley.http.send.queue.wait")
            .description("How long sends waited for a worker thread before any work for them")
            .register(meters);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod()) || !isSend(PublicRoutes.routedPath(request));
  }

  /** {@code /api/conversations/{conversationId}/messages}, the route of a send. */
  static boolean isSend(String path) {
    String prefix = "/api/conversations/";
    String suffix = "/messages";
    if (!path.startsWith(prefix) || !path.endsWith(suffix)) {
      return false;
    }
    int from = prefix.length();
    int to = path.length() - suffix.length();
    return to > from && path.indexOf('/', from) == to;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long age = RequestAge.nanos();
    waited.record(age, TimeUnit.NANOSECONDS);
    SendsRefused refused =
        maxWaitNanos > 0 && age > maxWaitNanos
            ? new SendsRefused(retryAfter, SendAdmission.TOO_MANY)
            : admission.refusalNow();
    if (refused == null) {
      chain.doFilter(request, response);
      return;
    }
    shedding.shed(503, "overloaded");
    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(refused.retryAfterSeconds()));
    problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, "overloaded", refused.getMessage());
  }
}
