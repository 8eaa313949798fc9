package io.parley.push.webpush;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.parley.support.auth.AuthenticatedUser;
import io.parley.support.web.CurrentUser;
import io.parley.support.web.Validator;
import io.swagger.v3.oas.annotations.media.Schema;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A signed-in user's browsers register here for Web Push (docs/adr/0156): the VAPID public key to
 * subscribe with, then the subscription ({@code PushSubscription.toJSON()}'s endpoint and keys).
 */
@RestController
class PushSubscriptionController {
  static final int MAX_ENDPOINT_LENGTH = 2048;

  record Keys(
      @Schema(
              requiredMode = REQUIRED,
              description =
                  "base64url of the browser's P-256 public key (65-byte uncompressed point)")
          String p256dh,
      @Schema(requiredMode = REQUIRED, description = "base64url of the 16-byte auth secret")
          String auth) {}

  record SubscriptionRequest(
      @Schema(requiredMode = REQUIRED, maxLength = MAX_ENDPOINT_LENGTH, format = "uri")
          String endpoint,
      @Schema(requiredMode = REQUIRED) Keys keys) {}

  record VapidKey(
      @Schema(
              requiredMode = REQUIRED,
              description = "base64url of the VAPID public key (65-byte uncompressed P-256 point)")
          String publicKey) {}

  private final VapidKeys vapid;
  private final PushSubscriptions subscriptions;
  private final Clock clock;
  private final int maxPerUser;
  private final Set<String> httpHosts;

  PushSubscriptionController(
      VapidKeys vapid,
      PushSubscriptions subscriptions,
      Clock clock,
      @Value("${parley.webpush.max-subscriptions-per-user:10}") int maxPerUser,
      @Value("${parley.webpush.http-hosts:}") List<String> httpHosts) {
    this.vapid = vapid;
    this.subscriptions = subscriptions;
    this.clock = clock;
    this.maxPerUser = Math.max(1, maxPerUser);
    this.httpHosts =
        httpHosts.stream()
            .map(host -> host.trim().toLowerCase(Locale.ROOT))
            .filter(host -> !host.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
  }

  @GetMapping("/api/push/vapid-key")
  VapidKey vapidKey(@CurrentUser AuthenticatedUser user) {
    return new VapidKey(vapid.publicKeyBase64Url());
  }

  @PostMapping("/api/push/subscriptions")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void subscribe(@CurrentUser AuthenticatedUser user, @RequestBody SubscriptionRequest request) {
    Validator v = new Validator();
    String endpoint = request.endpoint();
    v.require(validEndpoint(endpoint), "endpoint", endpointRule());
    Keys keys = request.keys();
    v.require(keys != null, "keys", "is required");
    byte[] p256dh = keys == null ? null : decode(keys.p256dh());
    byte[] auth = keys == null ? null : decode(keys.auth());
    if (keys != null) {
      v.require(
          p256dh != null && validPoint(p256dh),
          "keys.p256dh",
          "must be base64url of a 65-byte uncompressed P-256 public key");
      v.require(auth != null && auth.length == 16, "keys.auth", "must be base64url of 16 bytes");
    }
    v.throwIfInvalid();
    subscriptions.register(
        endpoint, user.userId(), user.sessionId(), p256dh, auth, clock.instant(), maxPerUser);
  }

  @DeleteMapping("/api/push/subscriptions")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void unsubscribe(
      @CurrentUser AuthenticatedUser user, @RequestParam(required = false) String endpoint) {
    Validator v = new Validator();
    v.require(
        endpoint != null && !endpoint.isEmpty() && endpoint.length() <= MAX_ENDPOINT_LENGTH,
        "endpoint",
        "is required, at most " + MAX_ENDPOINT_LENGTH + " characters");
    v.throwIfInvalid();
    subscriptions.remove(user.userId(), endpoint);
  }

  private String endpointRule() {
    return "must be an https URL of at most " + MAX_ENDPOINT_LENGTH + " characters";
  }

  /** An absolute https URL with a host, no user info and no fragment (http for test hosts). */
  boolean validEndpoint(String endpoint) {
    if (endpoint == null || endpoint.isEmpty() || endpoint.length() > MAX_ENDPOINT_LENGTH) {
      return false;
    }
    for (int i = 0; i < endpoint.length(); i++) {
      char c = endpoint.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return false;
      }
    }
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      return false;
    }
    if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
      return false;
    }
    if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      return false;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return scheme.equals("https") || (scheme.equals("http") && httpHosts.contains(host));
  }

  private static byte[] decode(String base64Url) {
    if (base64Url == null || base64Url.length() > 200) {
      return null;
    }
    try {
      return EcKeys.fromBase64Url(base64Url);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean validPoint(byte[] point) {
    try {
      EcKeys.publicKey(point);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
