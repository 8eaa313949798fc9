package io.parley.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The measured requests' HTTP/1.1 client: blocking keep-alive connections from a pool, one request
 * and its answer per borrow, no pipelining (docs/adr/0218).
 *
 * <p>It exists for the load generator's CPU, not for features. The generator shares the machine's
 * cores with the server it measures, and {@code java.net.http} spent about 0.65 ms of CPU per
 * request (its schedulers, futures and selector thread), more than a third of what the app itself
 * spends on a send; that CPU was taken from the server under test. Here a request is one {@code
 * write} and a few {@code read}s on the caller's thread.
 *
 * <p>Setup calls (registration, groups) stay on {@code java.net.http}: they are not measured.
 */
final class LeanHttp {
  private static final int TIMEOUT_MILLIS = 60_000;

  /**
   * Where an asynchronous exchange runs when its caller will not wait for it (an open loop's
   * scheduler): daemon threads, as many as there are requests in flight.
   */
  private static final ExecutorService ASYNC =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "lean-http");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * Set on a thread that waits for each answer anyway (a closed-loop sender): its exchanges run on
   * it, with no hand-off to another thread and back.
   */
  private static final ThreadLocal<Boolean> INLINE = ThreadLocal.withInitial(() -> false);

  /** A status and the body's bytes. */
  record Response(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final String host;
  private final int port;
  private final byte[] hostHeader;
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

  LeanHttp(String base) {
    URI uri = URI.create(base);
    if (!"http".equals(uri.getScheme())) {
      throw new IllegalArgumentException("plain http only: " + base);
    }
    this.host = uri.getHost();
    this.port = uri.getPort() < 0 ? 80 : uri.getPort();
    this.hostHeader = ("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /** Runs {@code body} on this thread's exchanges inline, then restores the thread's mode. */
  static void inline(Runnable body) {
    boolean before = INLINE.get();
    INLINE.set(true);
    try {
      body.run();
    } finally {
      INLINE.set(before);
    }
  }

  /**
   * Completes with {@code call}'s result: at once on an inline thread ({@link #inline}), else on a
   * pooled thread.
   */
  static <T> CompletableFuture<T> async(Supplier<T> call) {
    if (INLINE.get()) {
      try {
        return CompletableFuture.completedFuture(call.get());
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    return CompletableFuture.supplyAsync(call, ASYNC);
  }

  /**
   * One request and its whole answer, on a pooled keep-alive connection. A connection the server
   * closed while it was idle in the pool fails before any answer byte: the request is then sent
   * once more on a new connection (the measured sends carry a {@code clientMessageId}, so a repeat
   * is idempotent on the server).
   */
  Response exchange(String method, String path, String token, byte[] json) throws IOException {
    byte[] request = request(method, path, token, json);
    Connection pooled = idle.pollFirst();
    if (pooled != null) {
      try {
        return pooled.exchange(request);
      } catch (StaleConnection e) {
        pooled.close();
      }
    }
    Connection fresh = new Connection(host, port);
    try {
      return fresh.exchange(request);
    } catch (StaleConnection e) {
      fresh.close();
      throw new IOException("the server closed a new connection without an answer", e);
    }
  }

  private byte[] request(String method, String path, String token, byte[] json) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (json == null ? 0 : json.length));
    out.writeBytes((method + " " + path + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(hostHeader);
    if (token != null) {
      out.writeBytes(
          ("Authorization: Bearer " + token + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
    int length = json == null ? 0 : json.length;
    out.writeBytes(
        ("Content-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    if (json != null) {
      out.writeBytes(json);
    }
    return out.toByteArray();
  }

  /** No answer byte arrived on a connection: it was closed under us. */
  private static final class StaleConnection extends IOException {
    StaleConnection(String message) {
      super(message);
    }
  }

  private final class Connection {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Connection(String host, int port) throws IOException {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      out = socket.getOutputStream();
    }

    Response exchange(byte[] request) throws IOException {
      try {
        out.write(request);
        out.flush();
      } catch (IOException e) {
        throw new StaleConnection("write failed: " + e.getMessage());
      }
      String statusLine;
      try {
        statusLine = line(true);
      } catch (EOFException e) {
        throw new StaleConnection("closed before the status line");
      } catch (IOException e) {
        if (e instanceof java.net.SocketTimeoutException) {
          close();
          throw e;
        }
        throw new StaleConnection(e.getMessage());
      }
      try {
        return answer(statusLine);
      } catch (IOException | RuntimeException e) {
        close();
        throw e;
      }
    }

    private Response answer(String statusLine) throws IOException {
      // "HTTP/1.1 201 " or "HTTP/1.1 201 Created"
      if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
        throw new IOException("not an HTTP/1.x status line: " + statusLine);
      }
      int status = Integer.parseInt(statusLine.substring(9, 12));
      long length = -1;
      boolean chunked = false;
      boolean keepAlive = statusLine.startsWith("HTTP/1.1");
      for (String header = line(false); !header.isEmpty(); header = line(false)) {
        int colon = header.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = header.substring(colon + 1).trim();
        switch (name) {
          case "content-length" -> length = Long.parseLong(value);
          case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
          case "connection" -> {
            String token = value.toLowerCase(Locale.ROOT);
            if (token.contains("close")) {
              keepAlive = false;
            } else if (token.contains("keep-alive")) {
              keepAlive = true;
            }
          }
          default -> {
            // not needed
          }
        }
      }
      byte[] body;
      if (chunked) {
        body = chunkedBody();
      } else if (length >= 0) {
        body = in.readNBytes((int) length);
        if (body.length != length) {
          throw new EOFException("answer body cut short");
        }
      } else if (status == 204 || status == 304 || status / 100 == 1) {
        body = new byte[0];
      } else {
        body = in.readAllBytes(); // delimited by the connection's end
        keepAlive = false;
      }
      if (keepAlive) {
        idle.offerFirst(this);
      } else {
        close();
      }
      return new Response(status, body);
    }

    private byte[] chunkedBody() throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String size = line(false);
        int extension = size.indexOf(';');
        int n = Integer.parseInt((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
        if (n == 0) {
          while (!line(false).isEmpty()) {
            // trailers: ignored
          }
          return body.toByteArray();
        }
        byte[] chunk = in.readNBytes(n);
        if (chunk.length != n) {
          throw new EOFException("chunk cut short");
        }
        body.writeBytes(chunk);
        line(false); // the chunk's CRLF
      }
    }

    /** One CRLF-terminated line in ASCII; {@code first}: EOF before any byte is an EOFException. */
    private String line(boolean first) throws IOException {
      StringBuilder line = new StringBuilder(64);
      while (true) {
        int b = in.read();
        if (b < 0) {
          if (first && line.length() == 0) {
            throw new EOFException();
          }
          throw new EOFException("connection closed inside the answer");
        }
        if (b == '\n') {
          int end = line.length();
          if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
          }
          return line.toString();
        }
        line.append((char) b);
      }
    }

    void close() {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
