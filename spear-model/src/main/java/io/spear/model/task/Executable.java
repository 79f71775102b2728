package io.spear.model.task;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The artifact a task runs and how to start it.
 *
 * @param type the artifact kind
 * @param uri where the artifact lives, e.g. {@code sms+file://<file_id>}
 * @param name argv[0] of the guest
 * @param checksumSha256 the declared lower-case hex sha256 of the artifact, or empty
 * @param args arguments after {@code name}
 * @param env the guest's environment
 */
public record Executable(
    ExecutableType type,
    String uri,
    String name,
    String checksumSha256,
    List<String> args,
    Map<String, String> env) {

  /** Normalizes absent collections and strings to empty ones. */
  public Executable {
    uri = uri == null ? "" : uri;
    name = name == null ? "" : name;
    checksumSha256 = checksumSha256 == null ? "" : checksumSha256;
    args = args == null ? List.of() : List.copyOf(args);
    env = env == null ? Map.of() : Map.copyOf(env);
  }

  /** The declared checksum, if any. */
  public Optional<String> declaredChecksum() {
    return checksumSha256.isEmpty() ? Optional.empty() : Optional.of(checksumSha256);
  }
}
