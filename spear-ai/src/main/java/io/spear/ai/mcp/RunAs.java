package io.spear.ai.mcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The unprivileged user MCP processes run as: the node (root) starts them through util-linux's
 * {@code setpriv}, which sets the user's uid and gid, drops every supplementary group and forbids
 * gaining privileges again (set-uid binaries) before it runs the server.
 *
 * @param user the user's name
 * @param uid its uid
 * @param gid its primary gid
 * @param setpriv the {@code setpriv} executable
 */
public record RunAs(String user, int uid, int gid, Path setpriv) {

  /**
   * Looks {@code user} up and checks that this process can switch to it.
   *
   * @param path where {@code setpriv} and {@code id} are looked for
   * @throws IllegalArgumentException naming what is missing
   */
  public static RunAs resolve(String user, String path) {
    Path setpriv =
        onPath("setpriv", path)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "mcp.run_as needs setpriv (util-linux), which is not on mcp.path " + path));
    Path id =
        onPath("id", path)
            .orElseThrow(() -> new IllegalArgumentException("mcp.run_as: no id on " + path));
    int uid = number(id, "-u", user);
    int gid = number(id, "-g", user);
    int self = currentUid();
    if (self != 0) {
      throw new IllegalArgumentException(
          "mcp.run_as: "
              + user
              + " needs the Spearlet to run as root (it runs as uid "
              + self
              + ")");
    }
    if (uid == 0) {
      throw new IllegalArgumentException("mcp.run_as must name an unprivileged user, not " + user);
    }
    return new RunAs(user, uid, gid, setpriv);
  }

  /** What goes in front of the command so that it runs as this user. */
  List<String> prefix() {
    return List.of(
        setpriv.toString(),
        "--reuid=" + uid,
        "--regid=" + gid,
        "--clear-groups",
        "--no-new-privs",
        "--");
  }

  /** The first executable regular file called {@code name} in the directories of {@code path}. */
  static Optional<Path> onPath(String name, String path) {
    for (String dir : path.split(":")) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static int number(Path id, String flag, String user) {
    try {
      Process p =
          new ProcessBuilder(List.of(id.toString(), flag, "--", user))
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalArgumentException("mcp.run_as: no user " + user + " on this host");
      }
      return Integer.parseInt(out);
    } catch (IOException | NumberFormatException e) {
      throw new IllegalArgumentException("mcp.run_as: cannot look up user " + user + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalArgumentException("mcp.run_as: interrupted looking up " + user, e);
    }
  }

  private static int currentUid() {
    try {
      // /proc/self belongs to the process's effective user.
      return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalArgumentException("mcp.run_as works on Linux only: " + e, e);
    }
  }
}
