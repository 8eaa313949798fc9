package io.parley.command.account;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Brute-force protection for password checks and registrations, in a table so every command-side
 * instance shares the counts. A password check counts against the (account, address block) pair;
 * unless the account has logged in from that block before, also against the account from everywhere
 * and against the block from all accounts. Every attempt is counted before the password is checked
 * (so parallel guesses cannot slip past a limit); a success takes its attempt back. A key over its
 * limit is refused until its fixed window ends. See docs/adr/0012.
 */
@Component
class LoginThrottle {
  record Key(String value, int limit, Duration window) {}

  /** The keys one password check counts against; {@code pair} is cleared by a success. */
  record Check(Key pair, List<Key> shared, Optional<UUID> userId, String block) {
    List<Key> all() {
      List<Key> keys = new ArrayList<>(shared);
      keys.add(0, pair);
      return keys;
    }
  }

  private static final String COUNT =
      "INSERT INTO login_throttle (throttle_key, window_started, attempts) VALUES (?, ?, 1)"
          + " ON CONFLICT (throttle_key) DO UPDATE SET"
          + " window_started = CASE WHEN login_throttle.window_started <= ?"
          + "   THEN EXCLUDED.window_started ELSE login_throttle.window_started END,"
          + " attempts = CASE WHEN login_throttle.window_started <= ?"
          + "   THEN 1 ELSE login_throttle.attempts + 1 END"
          + " RETURNING window_started, attempts";

  private final JdbcTemplate jdbc;
  private final Duration window;
  private final int pairLimit;
  private final int accountLimit;
  private final int addressLimit;
  private final Duration knownFor;
  private final Duration registrationWindow;
  private final int registrationLimit;
  private final Set<String> unthrottledRegistrations;
  private final ObjectProvider<MeterRegistry> meters;

  LoginThrottle(
      JdbcTemplate jdbc,
      @Value("${parley.auth.throttle.window:15m}") Duration window,
      @Value("${parley.auth.throttle.account-attempts:5}") int pairLimit,
      @Value("${parley.auth.throttle.account-attempts-everywhere:50}") int accountLimit,
      @Value("${parley.auth.throttle.address-attempts:50}") int addressLimit,
      @Value("${parley.auth.throttle.known-address-for:90d}") Duration knownFor,
      @Value("${parley.auth.registration.window:1h}") Duration registrationWindow,
      @Value("${parley.auth.registration.address-attempts:30}") int registrationLimit,
      @Value("${parley.auth.registration.unthrottled-addresses:127.0.0.1,0:0:0:0:0:0:0:1,::1}")
          String unthrottled,
      ObjectProvider<MeterRegistry> meters) {
    this.jdbc = jdbc;
    this.meters = meters;
    meters.ifAvailable(
        registry -> List.of("login", "registration").forEach(a -> throttled(registry, a)));
    this.window = window;
    this.pairLimit = pairLimit;
    this.accountLimit = accountLimit;
    this.addressLimit = addressLimit;
    this.knownFor = knownFor;
    this.registrationWindow = registrationWindow;
    this.registrationLimit = registrationLimit;
    this.unthrottledRegistrations =
        Arrays.stream(unthrottled.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * The keys of checking {@code accountKey}'s password from {@code address}. An account that logged
   * in from the address's block before is throttled there only per pair, so failures for other
   * accounts (or from other places) never lock its owner out of a shared address.
   */
  Check check(String accountKey, Optional<UUID> userId, String address, Instant now) {
    String block = ClientAddresses.block(address);
    Key pair = new Key("pair:" + sha256(accountKey + "|" + block), pairLimit, window);
    boolean known = userId.map(id -> knownFrom(id, block, now)).orElse(false);
    List<Key> shared =
        known
            ? List.of()
            : List.of(
                new Key(accountKey, accountLimit, window),
                new Key("address:" + block, addressLimit, window));
    return new Check(pair, shared, userId, block);
  }

  /**
   * Counts one password check on each key; the wait until the latest blocked key's window ends. A
   * refusal counts in {@code parley.auth.throttled{action="login"}} (docs/metrics.md).
   */
  Optional<Duration> attempt(List<Key> keys, Instant now) {
    return counted(count(keys, now), "login");
  }

  private Optional<Duration> counted(Optional<Duration> wait, String action) {
    if (wait.isPresent()) {
      meters.ifAvailable(registry -> throttled(registry, action).increment());
    }
    return wait;
  }

  private static Counter throttled(MeterRegistry registry, String action) {
    return Counter.builder("parley.auth.throttled")
        .description("Password checks and registrations refused by the throttle (429)")
        .tag("action", action)
        .register(registry);
  }

  /** Counts one attempt on each key; the wait until the latest blocked key's window ends. */
  private Optional<Duration> count(List<Key> keys, Instant now) {
    Duration wait = Duration.ZERO;
    for (Key key : keys) {
      Timestamp expiredBefore = Timestamp.from(now.minus(key.window()));
      Duration keyWait =
          jdbc.queryForObject(
              COUNT,
              (rs, i) ->
                  rs.getInt(2) > key.limit()
                      ? Duration.between(now, rs.getTimestamp(1).toInstant().plus(key.window()))
                      : Duration.ZERO,
              key.value(),
              Timestamp.from(now),
              expiredBefore,
              expiredBefore);
      if (keyWait.compareTo(wait) > 0) {
        wait = keyWait;
      }
    }
    return wait.isZero() || wait.isNegative() ? Optional.empty() : Optional.of(wait);
  }

  /**
   * The password was right: the pair starts afresh, the shared keys get their attempt back, and the
   * account is known from this block from now on.
   */
  void succeeded(Check check, Instant now) {
    jdbc.update("DELETE FROM login_throttle WHERE throttle_key = ?", check.pair().value());
    for (Key key : check.shared()) {
      jdbc.update(
          "UPDATE login_throttle SET attempts = GREATEST(attempts - 1, 0) WHERE throttle_key = ?",
          key.value());
    }
    check
        .userId()
        .ifPresent(
            userId ->
                jdbc.update(
                    "INSERT INTO login_known_address (user_id, address_block, last_success_at)"
                        + " VALUES (?, ?, ?) ON CONFLICT (user_id, address_block)"
                        + " DO UPDATE SET last_success_at = EXCLUDED.last_success_at",
                    userId,
                    check.block(),
                    Timestamp.from(now)));
  }

  /** Counts a registration from {@code address}; the wait when its block registered too often. */
  Optional<Duration> registration(String address, Instant now) {
    if (unthrottledRegistrations.contains(address)) {
      return Optional.empty();
    }
    String block = ClientAddresses.block(address);
    return counted(
        count(List.of(new Key("register:" + block, registrationLimit, registrationWindow)), now),
        "registration");
  }

  /** How long a counter row matters; the purge deletes rows older than this. */
  Duration longestWindow() {
    return window.compareTo(registrationWindow) >= 0 ? window : registrationWindow;
  }

  Duration knownFor() {
    return knownFor;
  }

  private boolean knownFrom(UUID userId, String block, Instant now) {
    return Boolean.TRUE.equals(
        jdbc.queryForObject(
            "SELECT EXISTS (SELECT 1 FROM login_known_address"
                + " WHERE user_id = ? AND address_block = ? AND last_success_at > ?)",
            Boolean.class,
            userId,
            block,
            Timestamp.from(now.minus(knownFor))));
  }

  static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
