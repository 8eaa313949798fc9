package io.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The load generator's HTTP client against a scripted HTTP/1.1 server on a real socket: answer
 * framings, keep-alive reuse, and a pooled connection the server closed while it was idle.
 */
class LeanHttpTest {
  /** What the scripted server saw: one entry per request, with the connection it came on. */
  record Seen(int connection, String requestLine, String authorization, String body) {}

  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private ServerSocket server;

  @AfterEach
  void stop() throws IOException {
    for (Socket socket : open) {
      socket.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /**
   * Serves each request with {@code answer} (the raw bytes after the request was read); an answer
   * ending in {@code "\n#close"} is written without that marker and its connection closed.
   */
  private String serve(Function<Seen, String> answer) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    AtomicInteger connections = new AtomicInteger();
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                Socket socket;
                try {
                  socket = server.accept();
                } catch (IOException e) {
                  return;
                }
                open.add(socket);
                int connection = connections.incrementAndGet();
                Thread handler = new Thread(() -> handle(socket, connection, answer));
                handler.setDaemon(true);
                handler.start();
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  private void handle(Socket socket, int connection, Function<Seen, String> answer) {
    try (socket) {
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = socket.getOutputStream();
      while (true) {
        String requestLine = in.readLine();
        if (requestLine == null) {
          return;
        }
        int length = 0;
        String authorization = null;
        for (String header = in.readLine(); !header.isEmpty(); header = in.readLine()) {
          String lower = header.toLowerCase(Locale.ROOT);
          if (lower.startsWith("content-length:")) {
            length = Integer.parseInt(header.substring(15).trim());
          } else if (lower.startsWith("authorization:")) {
            authorization = header.substring(14).trim();
          }
        }
        char[] body = new char[length];
        int read = 0;
        while (read < length) {
          read += in.read(body, read, length - read);
        }
        Seen request = new Seen(connection, requestLine, authorization, new String(body));
        seen.add(request);
        String reply = answer.apply(request);
        boolean close = reply.endsWith("\n#close");
        out.write(
            (close ? reply.substring(0, reply.length() - 7) : reply)
                .getBytes(StandardCharsets.UTF_8));
        out.flush();
        if (close) {
          return;
        }
      }
    } catch (IOException e) {
      // the test closed it
    }
  }

  @Test
  void readsFixedLengthAndChunkedAnswersAndReusesTheConnection() throws Exception {
    AtomicInteger n = new AtomicInteger();
    String base =
        serve(
            request ->
                n.incrementAndGet() % 2 == 1
                    ? "HTTP/1.1 201 \r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n"
                        + "{\"seq\":42}\n"
                    : "HTTP/1.1 503 \r\nRetry-After: 1\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5;x=y\r\n{\"a\":\r\n3\r\n 1}\r\n0\r\n\r\n");
    LeanHttp http = new LeanHttp(base);

    LeanHttp.Response first = http.exchange("POST", "/api/x", "t0k", "{\"b\":1}".getBytes());
    LeanHttp.Response second = http.exchange("POST", "/api/y", null, null);
    LeanHttp.Response third = http.exchange("POST", "/api/z", "t1", "{}".getBytes());

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.text()).isEqualTo("{\"seq\":42}\n");
    assertThat(second.status()).isEqualTo(503);
    assertThat(second.text()).isEqualTo("{\"a\": 1}");
    assertThat(third.status()).isEqualTo(201);
    assertThat(seen)
        .extracting(Seen::requestLine)
        .containsExactly("POST /api/x HTTP/1.1", "POST /api/y HTTP/1.1", "POST /api/z HTTP/1.1");
    assertThat(seen.get(0).authorization()).isEqualTo("Bearer t0k");
    assertThat(seen.get(0).body()).isEqualTo("{\"b\":1}");
    assertThat(seen.get(1).authorization()).isNull();
    assertThat(seen).extracting(Seen::connection).containsOnly(1);
  }

  @Test
  void aConnectionTheServerClosesIsNotReused() throws Exception {
    String base =
        serve(
            request -> "HTTP/1.1 200 \r\nConnection: close\r\nContent-Length: 2\r\n\r\nok\n#close");
    LeanHttp http = new LeanHttp(base);

    assertThat(http.exchange("POST", "/a", null, null).text()).isEqualTo("ok");
    assertThat(http.exchange("POST", "/b", null, null).text()).isEqualTo("ok");

    assertThat(seen).extracting(Seen::connection).containsExactly(1, 2);
  }

  @Test
  void aPooledConnectionClosedWhileIdleIsReplacedAndTheRequestSentOnce() throws Exception {
    String base = serve(request -> "HTTP/1.1 201 \r\nContent-Length: 1\r\n\r\n1");
    LeanHttp http = new LeanHttp(base);
    assertThat(http.exchange("POST", "/first", null, null).status()).isEqualTo(201);

    // the server drops the idle keep-alive connection, as Tomcat does after its keep-alive timeout
    open.get(0).close();
    Thread.sleep(100);

    assertThat(http.exchange("POST", "/second", null, null).status()).isEqualTo(201);
    assertThat(seen)
        .extracting(s -> s.connection() + " " + s.requestLine())
        .containsExactly("1 POST /first HTTP/1.1", "2 POST /second HTTP/1.1");
  }

  @Test
  void sendsRunInlineOnlyInsideInline() throws Exception {
    List<String> threads = new ArrayList<>();
    LeanHttp.inline(
        () -> threads.add(LeanHttp.async(() -> Thread.currentThread().getName()).join()));
    threads.add(LeanHttp.async(() -> Thread.currentThread().getName()).join());

    assertThat(threads.get(0)).isEqualTo(Thread.currentThread().getName());
    assertThat(threads.get(1)).isEqualTo("lean-http");
    List<Boolean> failed = new ArrayList<>();
    LeanHttp.inline(
        () ->
            failed.add(
                LeanHttp.async(
                        () -> {
                          throw new IllegalStateException("refused");
                        })
                    .isCompletedExceptionally()));
    assertThat(failed).containsExactly(true);
  }
}
