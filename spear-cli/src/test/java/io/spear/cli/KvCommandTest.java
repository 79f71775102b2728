package io.spear.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.sms.SmsConfig;
import io.spear.sms.SmsServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spear kv get|put|rm|list} against a real SMS. */
class KvCommandTest {

  @TempDir Path dir;
  private SmsServer sms;
  private String address;

  @BeforeEach
  void start() {
    sms =
        SmsServer.start(
            SmsConfig.defaults().withHost("127.0.0.1").withPort(0).withDataDir(dir.resolve("d")));
    address = "http://127.0.0.1:" + sms.port();
  }

  @AfterEach
  void stop() {
    sms.close();
  }

  private CliRun spear(String... args) {
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--sms";
    all[args.length + 1] = address;
    return CliRun.of(all);
  }

  @Test
  void aKeyIsPutReadListedAndRemoved() throws Exception {
    CliRun put = spear("kv", "put", "notes", "todo/1", "buy milk");
    assertThat(put.exitCode()).as(put.err()).isZero();
    long version = Json.version(put.out());

    CliRun meta = spear("kv", "get", "notes", "todo/1", "--meta");
    assertThat(Json.version(meta.out())).isEqualTo(version);
    Path out = dir.resolve("value");
    assertThat(spear("kv", "get", "notes", "todo/1", "-o", out.toString()).exitCode()).isZero();
    assertThat(Files.readString(out)).isEqualTo("buy milk");

    Path file = dir.resolve("in");
    Files.write(file, "walk".getBytes(StandardCharsets.UTF_8));
    assertThat(spear("kv", "put", "notes", "todo/2", "--file", file.toString()).exitCode())
        .isZero();
    CliRun table = spear("kv", "list", "notes", "todo/", "--output", "table");
    assertThat(table.out()).contains("KEY", "todo/1", "todo/2");
    assertThat(spear("kv", "list", "--output", "table").out()).contains("notes");

    assertThat(spear("kv", "rm", "notes", "todo/1").exitCode()).isZero();
    CliRun missing = spear("kv", "get", "notes", "todo/1");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("no key 'todo/1' in namespace 'notes'");
  }

  @Test
  void aCompareAndSetThatMissesExitsWithThreeAndSaysWhy() {
    long version = Json.version(spear("kv", "put", "n", "k", "1").out());

    CliRun cas = spear("kv", "put", "n", "k", "2", "--if-version", Long.toString(version));
    assertThat(cas.exitCode()).as(cas.err()).isZero();
    CliRun stale = spear("kv", "put", "n", "k", "3", "--if-version", Long.toString(version));
    assertThat(stale.exitCode()).isEqualTo(3);
    assertThat(stale.err()).contains("version " + version + " was required");
    assertThat(spear("kv", "put", "n", "k", "4", "--create").exitCode()).isEqualTo(3);
  }

  @Test
  void aKeyOverTheLimitIsRefusedInWords() {
    CliRun refused = spear("kv", "put", "n", "k".repeat(513), "v");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err()).contains("the limit is 512 bytes");
  }

  /** Reads the version of a command's JSON answer. */
  private static final class Json {
    static long version(String out) {
      return io.spear.model.json.Json.tree(out).get("version").asLong();
    }
  }
}
