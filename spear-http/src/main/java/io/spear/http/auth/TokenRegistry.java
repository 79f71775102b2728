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
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tokens a server accepts, each kept only as its SHA-256 digest with a name and a {@link Role}.
 * Presented tokens are hashed and compared with every entry in constant time, so neither a match's
 * position nor a common prefix shows in the timing.
 *
 * <p>The token file is a YAML list of {@code {name, role, token_sha256}}; a node token may add
 * {@code node: <uuid>}, the only node it may register and act as. {@code SPEAR_TOKEN} (passed in by
 * the caller, never read here) adds one admin token. An empty registry means authentication is off.
 * A Spearlet also accepts the secret SMS gave it at registration ({@link SmsCredential}).
 */
public final class TokenRegistry {

  /** The name under which a {@code SPEAR_TOKEN} admin token is listed. */
  public static final String ENV_TOKEN_NAME = "SPEAR_TOKEN";

  private static final SecureRandom RANDOM = new SecureRandom();

  private static final Pattern NODE_UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private record Entry(String name, Role role, byte[] sha256, Optional<String> node) {}

  private final List<Entry> entries;
  private final Optional<SmsCredential> sms;

  private TokenRegistry(List<Entry> entries, Optional<SmsCredential> sms) {
    this.entries = List.copyOf(entries);
    this.sms = sms;
  }

  private TokenRegistry(List<Entry> entries) {
    this(entries, Optional.empty());
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
                          where
                              + ": role must be admin, user, node or viewer (or sms) but was "
                              + roleId));
      String digest = text(node, "token_sha256", where).toLowerCase(Locale.ROOT);
      if (!digest.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException(
            where
                + ": token_sha256 must be 64 hex digits (the token's SHA-256; quote it if YAML"
                + " reads it as a number)");
      }
      entries.add(
          new Entry(name, role, HexFormat.of().parseHex(digest), binding(node, role, where)));
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
    copy.add(new Entry(name, role, sha256(plainToken), Optional.empty()));
    TokenRegistry registry = new TokenRegistry(copy, sms);
    registry.requireUniqueNames("tokens");
    return registry;
  }

  /**
   * A copy that also accepts, as role {@link Role#SMS}, the secret {@code credential} holds; it
   * does not turn authentication on by itself.
   */
  public TokenRegistry withSmsCredential(SmsCredential credential) {
    return new TokenRegistry(entries, Optional.of(credential));
  }

  /** The name of a token bound to node {@code uuid}, if any: only such tokens may act as it. */
  public Optional<String> boundTo(String uuid) {
    return entries.stream()
        .filter(e -> e.node().filter(n -> n.equals(uuid)).isPresent())
        .map(Entry::name)
        .findFirst();
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
    Optional<Caller> fromSms = sms.flatMap(c -> c.authenticate(digest));
    if (found == null) {
      return fromSms;
    }
    return Optional.of(new Caller(found.name(), found.role(), found.node()));
  }

  /** The SHA-256 of {@code token}, as kept here. */
  static byte[] digest(String token) {
    return sha256(token);
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

  // The node a token is bound to: only for node tokens, and only a node uuid as SMS writes them.
  private static Optional<String> binding(JsonNode entry, Role role, String where) {
    JsonNode value = entry.path("node");
    if (value.isMissingNode() || value.isNull()) {
      return Optional.empty();
    }
    String uuid = value.isValueNode() ? value.asText().trim().toLowerCase(Locale.ROOT) : "";
    if (role != Role.NODE) {
      throw new IllegalArgumentException(where + ": only a node token may name a node");
    }
    if (!NODE_UUID.matcher(uuid).matches()) {
      throw new IllegalArgumentException(
          where + ": node must be the node's uuid (8-4-4-4-12 hex digits) but was " + value);
    }
    return Optional.of(uuid);
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
