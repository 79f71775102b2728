package io.spear.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.spear.ai.AiConfig;
import io.spear.runtime.NodeSecurity.PreopenRule;
import io.spear.security.SecuredPlatform.NodeSetup;
import io.spear.testing.HttpTestClient.Answer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guests (the corpus's {@code fs_probe}, which reports every file operation it tries) run through
 * SMS on a node that allows one read-only and one writable host directory, and try to get out:
 * preopening {@code /}, {@code /etc}, {@code ..}, a sibling or a link; reading through {@code ..}
 * and links; writing into the read-only directory; planting links that point out.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class SandboxEscapeTest {

  private static final String SECRET = "host secret 7f3a";

  private Path root;
  private Path allowed;
  private Path scratch;
  private SecuredPlatform platform;
  private String probe;

  @BeforeAll
  void start(@TempDir Path dir) throws IOException {
    root = dir.toRealPath();
    Files.writeString(root.resolve("secret.txt"), SECRET + "\n");
    allowed = Files.createDirectory(root.resolve("allowed"));
    Files.writeString(allowed.resolve("in.txt"), "inside\n");
    Files.createSymbolicLink(allowed.resolve("out-link"), root);
    Files.createSymbolicLink(allowed.resolve("secret-link"), root.resolve("secret.txt"));
    Path sibling = Files.createDirectory(root.resolve("allowedX"));
    Files.writeString(sibling.resolve("secret.txt"), SECRET + "\n");
    Files.createSymbolicLink(root.resolve("link-to-etc"), Path.of("/etc"));
    scratch = Files.createDirectory(root.resolve("scratch"));
    NodeSetup setup =
        new NodeSetup(
            List.of(new PreopenRule(allowed, false), new PreopenRule(scratch, true)),
            AiConfig.NONE);
    platform = SecuredPlatform.start(root.resolve("platform"), setup);
    probe = platform.upload("fs_probe.c.wasm");
  }

  @AfterAll
  void stop() {
    platform.close();
  }

  /** Runs fs_probe with {@code ops} and {@code preopen}; answers the invocation's answer. */
  private Answer run(String preopen, String... ops) {
    Answer registered =
        platform.register("sms+file://" + probe, List.of(ops), Map.of("wasi.preopen", preopen));
    assertThat(registered.status()).as(registered.text()).isEqualTo(201);
    return platform.invokeThroughSms(registered.json().get("task_id").asText(), "");
  }

  /** The probe's lines that say an operation succeeded. */
  private static List<String> succeeded(Answer answer) {
    return answer.text().lines().filter(line -> line.contains(": ok")).toList();
  }

  @Test
  void aTaskCannotPreopenAHostDirectoryTheNodeDidNotAllow() {
    Map<String, String> attempts = new TreeMap<>();
    attempts.put("/r=/", "/r/etc/passwd");
    attempts.put("/etc=/etc", "/etc/passwd");
    attempts.put("/etc", "/etc/passwd");
    attempts.put("/etc:/etc", "/etc/passwd");
    attempts.put("/x=/root", "/x/.bashrc");
    attempts.put("/x=" + allowed + "/..", "/x/secret.txt");
    attempts.put("/x=" + root, "/x/secret.txt");
    attempts.put("/x=" + root + "/allowedX", "/x/secret.txt");
    attempts.put("/x=" + root + "/link-to-etc", "/x/passwd");
    attempts.put("/x=" + allowed + "/out-link", "/x/secret.txt");
    attempts.put("/a=" + allowed + ",/x=/etc", "/x/passwd");
    List<String> escaped = new ArrayList<>();
    attempts.forEach(
        (preopen, path) -> {
          Answer answer = run(preopen, "read", path);
          if (answer.status() == 200 || answer.text().contains(SECRET)) {
            escaped.add(preopen + " -> " + answer.status() + " " + answer.text());
          }
        });
    assertThat(escaped).isEmpty();
  }

  @Test
  void aGuestCannotReadOutOfItsPreopenedDirectory() {
    Answer answer =
        run(
            "/d=" + allowed,
            "read",
            "/d/in.txt",
            "read",
            "/d/../secret.txt",
            "read",
            "/d/./../secret.txt",
            "read",
            "/d/out-link/secret.txt",
            "read",
            "/d/secret-link",
            "read",
            root.resolve("secret.txt").toString(),
            "read",
            "/etc/passwd");
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    // Only the file inside may be read.
    assertThat(succeeded(answer)).containsExactly("read /d/in.txt: ok inside");
    assertThat(answer.text()).doesNotContain(SECRET).doesNotContain("root:");
  }

  @Test
  void aReadOnlyPreopenTakesNoWriteOfAnyKind() throws IOException {
    Map<String, String> before = snapshot(allowed);
    Answer answer =
        run(
            "/d=" + allowed,
            "write",
            "/d/in.txt",
            "changed",
            "append",
            "/d/in.txt",
            "more",
            "write",
            "/d/new.txt",
            "new",
            "trunc",
            "/d/in.txt",
            "touch",
            "/d/in.txt",
            "mkdir",
            "/d/made",
            "rm",
            "/d/in.txt",
            "mv",
            "/d/in.txt",
            "/d/moved.txt",
            "symlink",
            "in.txt",
            "/d/link");
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    assertThat(answer.text().lines()).hasSize(9);
    assertThat(succeeded(answer)).isEmpty();
    assertThat(snapshot(allowed)).isEqualTo(before);
  }

  @Test
  void aWritablePreopenTakesNoLinkThatLeadsOut() throws IOException {
    Answer answer =
        run(
            "/w=" + scratch,
            "symlink",
            root.resolve("secret.txt").toString(),
            "/w/absolute",
            "symlink",
            "../secret.txt",
            "/w/relative",
            "symlink",
            "/w/..",
            "/w/up",
            "read",
            "/w/absolute",
            "read",
            "/w/relative",
            "read",
            "/w/up/secret.txt");
    assertThat(answer.status()).as(answer.text()).isEqualTo(200);
    assertThat(answer.text()).doesNotContain(SECRET);
    try (Stream<Path> entries = Files.list(scratch)) {
      for (Path entry : entries.toList()) {
        if (Files.isSymbolicLink(entry)) {
          Path target = entry.getParent().resolve(Files.readSymbolicLink(entry)).normalize();
          assertThat(target).as(entry + " points").startsWith(scratch);
        }
      }
    }
  }

  /** Every entry of a directory with its size and modification time (links not followed). */
  private static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> walk = Files.list(dir)) {
      for (Path p : walk.toList()) {
        FileTime modified = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
        long size = Files.isSymbolicLink(p) ? -1 : Files.size(p);
        entries.put(p.getFileName().toString(), size + "@" + modified.toMillis());
      }
    }
    return entries;
  }
}
