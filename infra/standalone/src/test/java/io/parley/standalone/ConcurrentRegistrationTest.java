package io.parley.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Races on accounts: uniqueness holds because the set-based check is a unique index, not a
 * read-then-write; parallel logins of one account each get a session.
 */
@StandaloneTest
class ConcurrentRegistrationTest {
  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;

  @Test
  void twentyParallelRegistrationsOfOneUsernameCreateExactlyOneAccount() throws Exception {
    String name = "race" + UUID.randomUUID().toString().substring(0, 8);
    AuthHttp api = new AuthHttp(port);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(20);
    try {
      List<Future<Integer>> replies = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String email = name + "+" + i + "@example.test";
        String username = i % 2 == 0 ? name : name.toUpperCase();
        replies.add(
            pool.submit(
                () -> {
                  start.await();
                  return api.post(
                          "/api/auth/register",
                          null,
                          Map.of("username", username, "email", email, "password", "race password"))
                      .status();
                }));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> reply : replies) {
        statuses.add(reply.get());
      }

      Map<Integer, Long> counts =
          statuses.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
      assertThat(counts).containsOnlyKeys(201, 409).containsEntry(201, 1L).containsEntry(409, 19L);
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE payloadtype LIKE '%AccountRegistered%'"
                    + " AND convert_from(payload, 'UTF8') ILIKE ?",
                Long.class, "%\"" + name + "\"%"))
        .isEqualTo(1L);
  }

  @Test
  void fiveParallelLoginsOfOneAccountAllGetTheirOwnSession() throws Exception {
    String name = "para" + UUID.randomUUID().toString().substring(0, 8);
    AuthHttp api = new AuthHttp(port).from(AuthHttp.freshAddress());
    assertThat(api.register(name, name + "@example.test", "parallel password").status())
        .isEqualTo(201);
    CountDownLatch start = new CountDownLatch(1);
    // five: logins in flight count toward the account's throttle until they succeed (ADR 0012)
    ExecutorService pool = Executors.newFixedThreadPool(5);
    try {
      List<Future<AuthHttp.Reply>> replies = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String device = "device " + i;
        replies.add(
            pool.submit(
                () -> {
                  start.await();
                  return api.login(name, "parallel password", device);
                }));
      }
      start.countDown();
      List<String> sessions = new ArrayList<>();
      for (Future<AuthHttp.Reply> reply : replies) {
        assertThat(reply.get().status()).as(reply.get().raw()).isEqualTo(200);
        sessions.add(reply.get().body().path("refreshToken").asText());
      }
      assertThat(sessions).doesNotHaveDuplicates();
    } finally {
      pool.shutdownNow();
    }
  }
}
