package io.spear.http.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The tokens a server accepts, each kept only as its SHA-256 digest with a name and a {@link Role}.
 * Presented tokens are hashed and compared with every entry in constant time, so neither a match's
 * position nor a common prefix shows in the timing.
 *
 * <p>The token file is a YAML list of {@code {name, role, token_sha256}}; {@code SPEAR_TOKEN}
 * (passed in by the caller, never read here) adds one admin token. An empty registry means
 * authentication is off.
 */
public final class TokenRegistry {

  /** The name under which a {@code SPEAR_TOKEN} admin token is listed. */
  public static final String ENV_TOKEN_NAME = "SPEAR_TOKEN";

  private static final SecureRandom RANDOM = new SecureRandom();

  private record Entry(String name, Role role, byte[] sha256) {}

  private final List<Entry> entries;

  private TokenRegistry(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** No tokens: authentication is off. */
  public static TokenRegistry empty() {
    return new TokenRegistry(List.of());
  }

  /**
   * The tokens of {@code tokenFile}, if any, plus {@code adminToken} (the value of {@code
   * SPEAR_TOKEN}) as an admin, if set.
   *
   * @throws IllegalArgumentException naming the file and entry when the file cannot be used
   */
  public static TokenRegistry load(Optional<Path> tokenFile, Optional<String> adminToken) {
    TokenRegistry registry = tokenFile.map(TokenRegistry::read).orElseGet(TokenRegistry::empty);
    return adminToken
        .filter(t -> !t.isBlank())
        .map(t -> registry.with(ENV_TOKEN_NAME, Role.ADMIN, t))
        .orElse(registry);
  }

  /** Reads a token file. */
  public static TokenRegistry read(Path file) {
    byte[] yaml;
    try {
      yaml = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read token file " + file + ": " + e, e);
    }
    return parse(yaml, file.toString());
  }

  /** Parses a token file's YAML; {@code source} names it in errors. */
  public static TokenRegistry parse(byte[] yaml, String source) {
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException("token file " + source + " is not valid YAML", e);
    }
    List<Entry> entries = new ArrayList<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return new TokenRegistry(entries);
    }
    if (!root.isArray()) {
      throw new IllegalArgumentException(
          "token file " + source + " must be a list of {name, role, token_sha256}");
    }
    int index = 0;
    for (JsonNode node : root) {
      String where = "token file " + source + " entry " + index++;
      String name = text(node, "name", where);
      String roleId = text(node, "role", where);
      Role role =
          Role.parse(roleId)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          where + ": role must be admin, user, node or viewer but was " + roleId));
      String digest = text(node, "token_sha256", where).toLowerCase(java.util.Locale.ROOT);
      if (!digest.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException(
            where
                + ": token_sha256 must be 64 hex digits (the token's SHA-256; quote it if YAML"
                + " reads it as a number)");
      }
      entries.add(new Entry(name, role, HexFormat.of().parseHex(digest)));
    }
    TokenRegistry registry = new TokenRegistry(entries);
    registry.requireUniqueNames(source);
    return registry;
  }

  /** A copy that also accepts {@code plainToken} as {@code name} with {@code role}. */
  public TokenRegistry with(String name, Role role, String plainToken) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    if (plainToken == null || plainToken.isBlank()) {
      throw new IllegalArgumentException("token for " + name + " must not be blank");
    }
    List<Entry> copy = new ArrayList<>(entries);
    copy.add(new Entry(name, role, sha256(plainToken)));
    TokenRegistry registry = new TokenRegistry(copy);
    registry.requireUniqueNames("tokens");
    return registry;
  }

  /** True when no token is configured, so that authentication is off. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** How many tokens are accepted. */
  public int size() {
    return entries.size();
  }

  /** The caller {@code presented} identifies, if it is one of the tokens. */
  public Optional<Caller> authenticate(String presented) {
    byte[] digest = sha256(presented == null ? "" : presented);
    Entry found = null;
    // Every entry is compared, whichever matches, so the time does not tell which one did.
    for (Entry entry : entries) {
      if (MessageDigest.isEqual(entry.sha256(), digest) && found == null) {
        found = entry;
      }
    }
    return found == null ? Optional.empty() : Optional.of(new Caller(found.name(), found.role()));
  }

  /** The hex SHA-256 of a token, as a token file lists it. */
  public static String sha256Hex(String token) {
    return HexFormat.of().formatHex(sha256(token));
  }

  /** A new random token (256 bits, URL-safe base64). */
  public static String generateToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** One token file line for {@code name} with {@code role} and the digest of {@code token}. */
  public static String fileEntry(String name, Role role, String token) {
    return "- {name: %s, role: %s, token_sha256: %s}%n"
        .formatted(name, role.id(), sha256Hex(token));
  }

  @Override
  public String toString() {
    return "TokenRegistry[" + entries.size() + " tokens]";
  }

  private void requireUniqueNames(String source) {
    long distinct = entries.stream().map(Entry::name).distinct().count();
    if (distinct != entries.size()) {
      throw new IllegalArgumentException(source + ": token names must be unique");
    }
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode value = node.path(field);
    if (!value.isValueNode() || value.asText().isBlank()) {
      throw new IllegalArgumentException(where + ": " + field + " is required");
    }
    return value.asText().trim();
  }

  private static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
