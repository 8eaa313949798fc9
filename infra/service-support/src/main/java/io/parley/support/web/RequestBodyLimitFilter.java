package io.parley.support.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the limit (64 KiB by default) with 413, declared or streamed. Routes
 * that stream a body of their own size ({@code PUT /api/uploads/*}, docs/adr/0141) pass unlimited:
 * their handler enforces its limit while it streams. Their body is never form data to the
 * framework, so nothing upstream of the handler reads it into memory.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {
  /** A method and a path whose {@code *} stands for one segment: {@code PUT /api/uploads/*}. */
  public record Route(String method, Pattern path) {
    public static Route parse(String route) {
      String[] parts = route.trim().split("\\s+", 2);
      if (parts.length != 2 || !parts[1].startsWith("/")) {
        throw new IllegalArgumentException("not a route: " + route);
      }
      StringBuilder regex = new StringBuilder();
      for (String piece : parts[1].split("\\*", -1)) {
        if (regex.length() > 0) {
          regex.append("[^/]+");
        }
        regex.append(Pattern.quote(piece));
      }
      return new Route(
          parts[0].toUpperCase(java.util.Locale.ROOT), Pattern.compile(regex.toString()));
    }

    boolean matches(HttpServletRequest request) {
      // The servlet path is decoded and normalized by the container: the path the handler sees.
      String seen = request.getServletPath() + Objects.toString(request.getPathInfo(), "");
      return method.equals(request.getMethod()) && path.matcher(seen).matches();
    }
  }

  private final long limit;
  private final ProblemWriter problems;
  private final List<Route> unlimited;

  public RequestBodyLimitFilter(long limit, ProblemWriter problems) {
    this(limit, problems, List.of());
  }

  public RequestBodyLimitFilter(long limit, ProblemWriter problems, List<Route> unlimited) {
    this.limit = limit;
    this.problems = problems;
    this.unlimited = List.copyOf(unlimited);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    for (Route route : unlimited) {
      if (route.matches(request)) {
        chain.doFilter(new RawBody(request), response);
        return;
      }
    }
    if (request.getContentLengthLong() > limit) {
      problems.write(
          response,
          HttpStatus.PAYLOAD_TOO_LARGE,
          "payload-too-large",
          "The body is larger than " + limit + " bytes.");
      return;
    }
    chain.doFilter(new Limited(request, limit), response);
  }

  static final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException() {
      super("request body over the limit");
    }
  }

  /** Announces the body as opaque bytes, so no form-content filter parses it into memory. */
  private static final class RawBody extends HttpServletRequestWrapper {
    RawBody(HttpServletRequest request) {
      super(request);
    }

    @Override
    public String getContentType() {
      return "application/octet-stream";
    }

    @Override
    public String getHeader(String name) {
      return "content-type".equalsIgnoreCase(name) ? getContentType() : super.getHeader(name);
    }

    @Override
    public java.util.Enumeration<String> getHeaders(String name) {
      return "content-type".equalsIgnoreCase(name)
          ? java.util.Collections.enumeration(List.of(getContentType()))
          : super.getHeaders(name);
    }
  }

  private static final class Limited extends HttpServletRequestWrapper {
    private final long limit;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, long limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        ServletInputStream in = super.getInputStream();
        stream =
            new ServletInputStream() {
              private long read;

              @Override
              public int read() throws IOException {
                int b = in.read();
                if (b >= 0) {
                  count(1);
                }
                return b;
              }

              @Override
              public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = in.read(buffer, offset, length);
                if (n > 0) {
                  count(n);
                }
                return n;
              }

              private void count(int n) throws BodyTooLargeException {
                read += n;
                if (read > limit) {
                  throw new BodyTooLargeException();
                }
              }

              @Override
              public boolean isFinished() {
                return in.isFinished();
              }

              @Override
              public boolean isReady() {
                return in.isReady();
              }

              @Override
              public void setReadListener(ReadListener listener) {
                in.setReadListener(listener);
              }
            };
      }
      return stream;
    }
  }
}
