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
 * Refuses a send that already waited longer than {@code maxWait} for a worker thread, before
 * anything else is done for it: no token check, no body parsing (docs/adr/0212). Under overload the
 * wait is in Tomcat's queue, in front of {@link SendAdmission}'s limit on sends in flight; a send
 * that arrives at the limit late is late for everyone who receives it, and the work spent refusing
 * it there is work taken from the sends that are accepted. Same answer as the limit's: 503 {@code
 * overloaded} with a {@code Retry-After}. Only sends: reads and other writes go on as before. Every
 * send's wait is recorded ({@code parley.http.send.queue.wait}), refused or not.
 */
final class LateSendFilter extends OncePerRequestFilter {
  private final long maxWaitNanos;
  private final Duration retryAfter;
  private final ProblemWriter problems;
  private final Shedding shedding;
  private final Timer waited;

  LateSendFilter(
      Duration maxWait,
      Duration retryAfter,
      ProblemWriter problems,
      Shedding shedding,
      MeterRegistry meters) {
    this.maxWaitNanos = maxWait.toNanos();
    this.retryAfter = retryAfter;
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
    if (maxWaitNanos <= 0 || age <= maxWaitNanos) {
      chain.doFilter(request, response);
      return;
    }
    shedding.shed(503, "overloaded");
    SendsRefused refused = new SendsRefused(retryAfter, SendAdmission.TOO_MANY);
    response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(refused.retryAfterSeconds()));
    problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, "overloaded", refused.getMessage());
  }
}
