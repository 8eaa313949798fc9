package io.parley.push.webpush;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Sends encrypted pushes to push services, off every event thread: a few worker threads behind a
 * bounded queue (a full queue drops the notification and counts it), a timeout on every request,
 * retries with backoff on 429, 5xx and network failures, and the subscription deleted when the push
 * service says it is gone (404, 410).
 */
@Component
class WebPushSender implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(WebPushSender.class);

  enum Urgency {
    NORMAL,
    HIGH;

    String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final VapidKeys vapid;
  private final PushSubscriptions subscriptions;
  private final HttpClient http;
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService retries;
  private final Duration requestTimeout;
  private final Duration ttl;
  private final int maxAttempts;
  private final Duration firstBackoff;
  private final Counter sent;
  private final Counter failed;
  private final Counter dropped;
  private final Counter expired;

  WebPushSender(
      VapidKeys vapid,
      PushSubscriptions subscriptions,
      ObjectProvider<MeterRegistry> meters,
      @Value("${parley.webpush.threads:2}") int threads,
      @Value("${parley.webpush.queue-size:1000}") int queueSize,
      @Value("${parley.webpush.request-timeout:10s}") Duration requestTimeout,
      @Value("${parley.webpush.ttl:24h}") Duration ttl,
      @Value("${parley.webpush.max-attempts:4}") int maxAttempts,
      @Value("${parley.webpush.retry-backoff:1s}") Duration firstBackoff) {
    this.vapid = vapid;
    this.subscriptions = subscriptions;
    this.requestTimeout = requestTimeout;
    this.ttl = ttl;
    this.maxAttempts = Math.max(1, maxAttempts);
    this.firstBackoff = firstBackoff;
    AtomicInteger n = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            Math.max(1, threads),
            Math.max(1, threads),
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(Math.max(1, queueSize)),
            task -> {
              Thread thread = new Thread(task, "webpush-send-" + n.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.retries =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "webpush-retry");
              thread.setDaemon(true);
              return thread;
            });
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(requestTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
    this.sent = outcome(registry, "sent");
    this.failed = outcome(registry, "failed");
    this.dropped = outcome(registry, "dropped");
    this.expired = outcome(registry, "expired");
  }

  private static Counter outcome(MeterRegistry registry, String outcome) {
    return Counter.builder("parley.webpush.notifications")
        .description("Web Push notifications by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  /** Queues one push; never blocks. */
  void send(PushSubscriptions.Subscription to, byte[] payload, Urgency urgency) {
    submit(to, payload, urgency, 1);
  }

  private void submit(
      PushSubscriptions.Subscription to, byte[] payload, Urgency urgency, int attempt) {
    try {
      workers.execute(() -> attempt(to, payload, urgency, attempt));
    } catch (RejectedExecutionException e) {
      dropped.increment();
      log.warn("Web Push queue full: a notification to user {} was dropped", to.userId());
    }
  }

  private void attempt(
      PushSubscriptions.Subscription to, byte[] payload, Urgency urgency, int attempt) {
    int status;
    Duration retryAfter = null;
    try {
      URI endpoint = URI.create(to.endpoint());
      byte[] body = WebPushEncryption.encrypt(payload, to.p256dh(), to.auth());
      HttpRequest request =
          HttpRequest.newBuilder(endpoint)
              .timeout(requestTimeout)
              .header("Authorization", vapid.authorization(endpoint))
              .header("TTL", Long.toString(ttl.toSeconds()))
              .header("Urgency", urgency.wire())
              .header("Content-Encoding", "aes128gcm")
              .header("Content-Type", "application/octet-stream")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
              .build();
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      status = response.statusCode();
      retryAfter =
          response.headers().firstValue("Retry-After").map(WebPushSender::seconds).orElse(null);
    } catch (IOException e) {
      status = -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException e) {
      failed.increment();
      log.warn("Web Push to user {} failed", to.userId(), e);
      return;
    }
    if (status >= 200 && status < 300) {
      sent.increment();
    } else if (status == 404 || status == 410) {
      expired.increment();
      subscriptions.expired(to.endpoint());
    } else if ((status == -1 || status == 429 || status >= 500) && attempt < maxAttempts) {
      Duration backoff = firstBackoff.multipliedBy(1L << (attempt - 1));
      if (retryAfter != null && retryAfter.compareTo(backoff) > 0) {
        backoff =
            retryAfter.compareTo(Duration.ofMinutes(5)) > 0 ? Duration.ofMinutes(5) : retryAfter;
      }
      retries.schedule(
          () -> submit(to, payload, urgency, attempt + 1),
          backoff.toMillis(),
          TimeUnit.MILLISECONDS);
    } else {
      failed.increment();
      log.info("Web Push to user {} refused with status {}", to.userId(), status);
    }
  }

  private static Duration seconds(String value) {
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public void destroy() {
    retries.shutdownNow();
    workers.shutdownNow();
  }
}
