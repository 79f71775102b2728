package io.spear.sms;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.http.auth.ServerSecurity;
import io.spear.testing.HttpTestClient;
import io.spear.testing.HttpTestClient.Answer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The key-value API over a real SMS: versions, conditions, paging, limits and roles. */
@Timeout(60)
class KvApiTest {

  @TempDir Path dataDir;

  private static final String KEY = "/api/v1/kv/app/greeting";

  private static Answer put(HttpTestClient http, String path, String value, Map<String, String> h) {
    return http.send("PUT", path, value.getBytes(UTF_8), h);
  }

  private SmsServer start(int maxKeys, ServerSecurity security) {
    return SmsServer.builder(SmsConfig.defaults().withPort(0).withDataDir(dataDir))
        .kvMaxKeysPerNamespace(maxKeys)
        .security(security)
        .start();
  }

  private static void assertError(Answer answer, int status, String code, String words) {
    assertThat(answer.status()).as(answer.text()).isEqualTo(status);
    assertThat(answer.json().get("error").asText()).isEqualTo(code);
    assertThat(answer.json().get("message").asText()).contains(words);
  }

  @Test
  void aValueIsWrittenReadAndDeletedWithItsVersionAsTheEtag() {
    try (SmsTestServer sms = SmsTestServer.start(dataDir)) {
      Answer created = put(sms.http, KEY, "hello", Map.of());
      assertThat(created.status()).as(created.text()).isEqualTo(201);
      long version = created.json().get("version").asLong();
      assertThat(created.header("ETag")).isEqualTo("\"" + version + "\"");

      Answer read = sms.http.get(KEY);
      assertThat(read.status()).isEqualTo(200);
      assertThat(read.text()).isEqualTo("hello");
      assertThat(read.header("ETag")).isEqualTo("\"" + version + "\"");
      assertThat(read.header("Content-Type")).startsWith("application/octet-stream");

      Answer replaced = put(sms.http, KEY, "again", Map.of());
      assertThat(replaced.status()).isEqualTo(200);
      assertThat(replaced.json().get("created").asBoolean()).isFalse();
      assertThat(replaced.json().get("version").asLong()).isGreaterThan(version);

      assertThat(sms.http.delete(KEY).status()).isEqualTo(200);
      assertError(sms.http.get(KEY), 404, "KEY_NOT_FOUND", "no key 'greeting' in namespace 'app'");
      assertError(sms.http.delete(KEY), 404, "KEY_NOT_FOUND", "greeting");
    }
  }

  @Test
  void ifMatchWritesOnlyOverTheVersionItNamesAndIfNoneMatchOnlyCreates() {
    try (SmsTestServer sms = SmsTestServer.start(dataDir)) {
      String v1 = put(sms.http, KEY, "1", Map.of("If-None-Match", "*")).header("ETag");
      assertError(
          put(sms.http, KEY, "x", Map.of("If-None-Match", "*")),
          412,
          "VERSION_MISMATCH",
          "exists at version");

      Answer cas = put(sms.http, KEY, "2", Map.of("If-Match", v1));
      assertThat(cas.status()).as(cas.text()).isEqualTo(200);
      assertError(
          put(sms.http, KEY, "3", Map.of("If-Match", v1)),
          412,
          "VERSION_MISMATCH",
          "version " + v1.replace("\"", "") + " was required");
      assertThat(sms.http.get(KEY).text()).isEqualTo("2");

      assertError(
          sms.http.send("DELETE", KEY, null, Map.of("If-Match", v1)), 412, "VERSION_MISMATCH", "");
      assertThat(
              sms.http.send("DELETE", KEY, null, Map.of("If-Match", cas.header("ETag"))).status())
          .isEqualTo(200);
      assertError(
          put(sms.http, KEY, "4", Map.of("If-Match", "\"nope\"")),
          400,
          "INVALID_REQUEST",
          "If-Match");
    }
  }

  @Test
  void aListingPagesThroughAPrefixWithACursorAndCountsTheKeys() {
    try (SmsTestServer sms = SmsTestServer.start(dataDir)) {
      for (int i = 0; i < 5; i++) {
        put(sms.http, "/api/v1/kv/app/user/" + i, "v" + i, Map.of());
      }
      put(sms.http, "/api/v1/kv/app/other", "x", Map.of());

      List<String> keys = new ArrayList<>();
      String cursor = "";
      int pages = 0;
      do {
        JsonNode page = sms.http.get("/api/v1/kv/app?prefix=user/&limit=2&cursor=" + cursor).json();
        assertThat(page.get("count").asLong()).isEqualTo(5);
        page.get("keys").forEach(k -> keys.add(k.get("key").asText()));
        cursor = page.has("next_cursor") ? page.get("next_cursor").asText() : null;
        pages++;
      } while (cursor != null);

      assertThat(keys).containsExactly("user/0", "user/1", "user/2", "user/3", "user/4");
      assertThat(pages).isEqualTo(3);
      JsonNode namespaces = sms.http.get("/api/v1/kv").json();
      assertThat(namespaces.at("/namespaces/0/namespace").asText()).isEqualTo("app");
      assertThat(namespaces.at("/namespaces/0/keys").asLong()).isEqualTo(6);
      assertError(sms.http.get("/api/v1/kv/app?cursor=%25%25"), 400, "INVALID_REQUEST", "cursor");
      assertError(sms.http.get("/api/v1/kv/app?limit=0"), 400, "INVALID_REQUEST", "limit");
    }
  }

  @Test
  void keysWithSlashesSpacesAndPlusSignsRoundTrip() {
    try (SmsTestServer sms = SmsTestServer.start(dataDir)) {
      assertThat(put(sms.http, "/api/v1/kv/my%20app/a%20b+c/d%3Fe", "v", Map.of()).status())
          .isEqualTo(201);

      JsonNode listing = sms.http.get("/api/v1/kv/my%20app").json();
      assertThat(listing.at("/keys/0/key").asText()).isEqualTo("a b+c/d?e");
      assertThat(sms.http.get("/api/v1/kv/my%20app/a%20b+c/d%3Fe").text()).isEqualTo("v");
      // An encoded slash is a slash: both spellings name one key.
      assertThat(put(sms.http, "/api/v1/kv/my%20app/x%2Fy", "encoded", Map.of()).status())
          .isEqualTo(201);
      assertThat(sms.http.get("/api/v1/kv/my%20app/x/y").text()).isEqualTo("encoded");
    }
  }

  @Test
  void limitsAreRefusedInWordsThatNameThem() {
    try (SmsServer server = start(2, ServerSecurity.none())) {
      HttpTestClient http = new HttpTestClient(server.port());
      assertError(
          put(http, "/api/v1/kv/app/" + "k".repeat(513), "v", Map.of()),
          400,
          "INVALID_REQUEST",
          "key is 513 bytes; the limit is 512 bytes");
      assertThat(put(http, "/api/v1/kv/app/" + "k".repeat(512), "v", Map.of()).status())
          .isEqualTo(201);
      assertError(
          http.send("PUT", "/api/v1/kv/app/big", new byte[1024 * 1024 + 1], Map.of()),
          413,
          "PAYLOAD_TOO_LARGE",
          "the limit is 1048576 bytes");
      assertThat(http.send("PUT", "/api/v1/kv/app/big", new byte[1024 * 1024], Map.of()).status())
          .isEqualTo(201);
      assertError(
          put(http, "/api/v1/kv/app/third", "v", Map.of()),
          409,
          "NAMESPACE_FULL",
          "namespace 'app' holds 2 keys, its limit");
      assertThat(put(http, "/api/v1/kv/app/big", "smaller", Map.of()).status()).isEqualTo(200);
      assertThat(http.get("/api/v1/kv").json().get("max_keys").asLong()).isEqualTo(2);
    }
  }

  @Test
  void viewersReadUsersWriteAndNodesWriteOnlyTheNamespacesOfTasks() {
    try (SmsServer server = start(100, ServerSecurity.withTokens(AuthApiTest.registry()))) {
      HttpTestClient http = new HttpTestClient(server.port());
      Map<String, String> user = bearer("user");
      Map<String, String> viewer = bearer("viewer");
      Map<String, String> node = bearer("node");
      assertThat(put(http, "/api/v1/kv/notes/a", "1", user).status()).isEqualTo(201);

      assertThat(http.get("/api/v1/kv/notes/a", viewer).text()).isEqualTo("1");
      assertError(put(http, "/api/v1/kv/notes/a", "2", viewer), 403, "PERMISSION_DENIED", "");
      assertError(
          http.send("DELETE", "/api/v1/kv/notes/a", null, viewer), 403, "PERMISSION_DENIED", "");

      assertError(
          put(http, "/api/v1/kv/notes/a", "2", node), 404, "NOT_FOUND", "no task uses 'notes'");
      Map<String, String> userJson = new java.util.HashMap<>(user);
      userJson.put("Content-Type", "application/json");
      Answer task =
          http.send(
              "POST",
              "/api/v1/tasks",
              "{\"name\": \"counter\", \"config\": {\"kv.namespace\": \"notes\"}}".getBytes(UTF_8),
              userJson);
      assertThat(task.status()).as(task.text()).isEqualTo(201);
      assertThat(put(http, "/api/v1/kv/notes/a", "2", node).status()).isEqualTo(200);
      assertThat(http.get("/api/v1/kv/notes/a", node).text()).isEqualTo("2");
      assertError(put(http, "/api/v1/kv/counter/a", "2", node), 404, "NOT_FOUND", "");
    }
  }

  @Test
  void aTaskWithABadKvNamespaceIsRefusedNamingTheKey() {
    try (SmsTestServer sms = SmsTestServer.start(dataDir)) {
      assertError(
          sms.http.postJson(
              "/api/v1/tasks", "{\"name\": \"t\", \"config\": {\"kv.namespace\": \"a/b\"}}"),
          400,
          "INVALID_REQUEST",
          "config.kv.namespace");
    }
  }

  @Test
  void twentyConcurrentCompareAndSetIncrementsLoseNoUpdate() throws Exception {
    try (SmsTestServer sms = SmsTestServer.start(dataDir)) {
      String counter = "/api/v1/kv/app/counter";
      put(sms.http, counter, "0", Map.of());
      int clients = 20;
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      try {
        List<Future<Integer>> retries = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
          retries.add(
              pool.submit(
                  () -> {
                    go.await();
                    return increment(sms.http, counter);
                  }));
        }
        go.countDown();
        int conflicts = 0;
        for (Future<Integer> f : retries) {
          conflicts += f.get();
        }
        assertThat(sms.http.get(counter).text()).isEqualTo(String.valueOf(clients));
        assertThat(conflicts).as("retries after a 412").isGreaterThanOrEqualTo(0);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  /** Reads, adds one and writes back at the version read, again after every 412. */
  private static int increment(HttpTestClient http, String path) {
    for (int attempt = 0; ; attempt++) {
      Answer read = http.get(path);
      int next = Integer.parseInt(read.text()) + 1;
      Answer write = put(http, path, String.valueOf(next), Map.of("If-Match", read.header("ETag")));
      if (write.status() == 200) {
        return attempt;
      }
      assertThat(write.status()).as(write.text()).isEqualTo(412);
    }
  }

  private static Map<String, String> bearer(String role) {
    return Map.of("Authorization", "Bearer " + AuthApiTest.TOKENS.get(role));
  }
}
