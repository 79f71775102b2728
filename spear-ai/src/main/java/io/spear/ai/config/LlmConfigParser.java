package io.spear.ai.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code llm:} section (a YAML or JSON tree) with SPEAR's field names:
 *
 * <pre>
 * llm:
 *   default_policy: weighted_random
 *   credentials:
 *     - {name: openai, kind: env, api_key_env: OPENAI_API_KEY}
 *   backends:
 *     - name: openai-chat
 *       kind: openai_chat_completion
 *       base_url: https://api.openai.com/v1
 *       credential_ref: openai
 *       ops: [chat_completions]
 *       features: [supports_tools]
 * </pre>
 *
 * Unknown fields, duplicate names, unknown kinds and dangling credential references fail with a
 * message naming the entry.
 */
public final class LlmConfigParser {

  /** The backend kinds this node can run. */
  public static final Set<String> KINDS =
      Set.of("openai_chat_completion", "ollama_chat", "stub", "openai_realtime_ws");

  // A realtime backend serves speech sessions over a WebSocket; the others chat over HTTP.
  private static final String REALTIME = "openai_realtime_ws";

  private static final Set<String> TOP = Set.of("credentials", "backends", "default_policy");
  private static final Set<String> CREDENTIAL = Set.of("name", "kind", "api_key_env");
  private static final Set<String> BACKEND =
      Set.of(
          "name",
          "kind",
          "base_url",
          "hosting",
          "model",
          "credential_ref",
          "weight",
          "priority",
          "ops",
          "features",
          "transports");

  private LlmConfigParser() {}

  /**
   * The config in {@code llm}; a missing or null node is {@link LlmConfig#EMPTY}.
   *
   * @throws IllegalArgumentException naming the bad entry and field
   */
  public static LlmConfig parse(JsonNode llm) {
    if (llm == null || llm.isNull() || llm.isMissingNode()) {
      return LlmConfig.EMPTY;
    }
    if (!llm.isObject()) {
      throw new IllegalArgumentException("llm must be a mapping");
    }
    known(llm, TOP, "llm");
    String policy = text(llm, "default_policy", "llm").orElse("weighted_random");
    if (!policy.equals("weighted_random")) {
      throw new IllegalArgumentException(
          "llm.default_policy: only weighted_random is supported, not " + policy);
    }
    List<CredentialSpec> credentials = credentials(llm);
    Set<String> credentialNames = new HashSet<>();
    credentials.forEach(c -> credentialNames.add(c.name()));
    return new LlmConfig(credentials, backends(llm, credentialNames), policy);
  }

  private static List<CredentialSpec> credentials(JsonNode llm) {
    List<CredentialSpec> credentials = new ArrayList<>();
    Set<String> credentialNames = new HashSet<>();
    for (JsonNode c : list(llm, "credentials", "llm")) {
      String where = "llm.credentials[" + credentials.size() + "]";
      if (!c.isObject()) {
        throw new IllegalArgumentException(where + " must be a mapping");
      }
      known(c, CREDENTIAL, where);
      String name = required(c, "name", where);
      String kind = text(c, "kind", where).orElse("env");
      if (!kind.equals("env")) {
        throw new IllegalArgumentException(where + ".kind: only env is supported, not " + kind);
      }
      if (!credentialNames.add(name)) {
        throw new IllegalArgumentException(where + ": duplicate credential name " + name);
      }
      credentials.add(new CredentialSpec(name, kind, required(c, "api_key_env", where)));
    }
    return credentials;
  }

  private static List<BackendSpec> backends(JsonNode llm, Set<String> credentialNames) {
    List<BackendSpec> backends = new ArrayList<>();
    Set<String> backendNames = new HashSet<>();
    for (JsonNode b : list(llm, "backends", "llm")) {
      String where = "llm.backends[" + backends.size() + "]";
      if (!b.isObject()) {
        throw new IllegalArgumentException(where + " must be a mapping");
      }
      known(b, BACKEND, where);
      String name = required(b, "name", where);
      where = where + " (" + name + ")";
      if (!backendNames.add(name)) {
        throw new IllegalArgumentException(where + ": duplicate backend name");
      }
      backends.add(backend(b, name, where, credentialNames));
    }
    return backends;
  }

  private static BackendSpec backend(
      JsonNode b, String name, String where, Set<String> credentialNames) {
    String kind = required(b, "kind", where);
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException(
          where + ".kind: unknown kind " + kind + "; known: " + String.join(", ", KINDS));
    }
    String baseUrl = text(b, "base_url", where).orElse("");
    if (baseUrl.isEmpty() && !kind.equals("stub")) {
      throw new IllegalArgumentException(where + ".base_url is required for kind " + kind);
    }
    Optional<String> credential = text(b, "credential_ref", where).filter(s -> !s.isBlank());
    if (credential.isPresent() && !credentialNames.contains(credential.get())) {
      throw new IllegalArgumentException(
          where + ".credential_ref: no credential named " + credential.get());
    }
    int weight = integer(b, "weight", where, 100);
    if (weight < 0) {
      throw new IllegalArgumentException(where + ".weight must not be negative");
    }
    boolean realtime = kind.equals(REALTIME);
    return new BackendSpec(
        name,
        kind,
        baseUrl,
        text(b, "hosting", where)
            .orElse(kind.equals("openai_chat_completion") || realtime ? "remote" : "local"),
        text(b, "model", where).filter(s -> !s.isBlank()),
        credential,
        weight,
        integer(b, "priority", where, 0),
        strings(b, "ops", where, List.of(realtime ? "speech_to_text" : "chat_completions")),
        strings(b, "features", where, List.of()),
        strings(b, "transports", where, List.of(realtime ? "websocket" : "http")));
  }

  private static void known(JsonNode node, Set<String> fields, String where) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String field = names.next();
      if (!fields.contains(field)) {
        throw new IllegalArgumentException(
            where + ": unknown field " + field + "; known: " + String.join(", ", fields));
      }
    }
  }

  private static List<JsonNode> list(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException(where + "." + field + " must be a list");
    }
    List<JsonNode> out = new ArrayList<>();
    value.forEach(out::add);
    return out;
  }

  private static Optional<String> text(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isValueNode() || value.isBoolean()) {
      throw new IllegalArgumentException(where + "." + field + " must be a string");
    }
    return Optional.of(value.asText().trim());
  }

  private static String required(JsonNode node, String field, String where) {
    return text(node, field, where)
        .filter(s -> !s.isEmpty())
        .orElseThrow(() -> new IllegalArgumentException(where + "." + field + " is required"));
  }

  private static int integer(JsonNode node, String field, String where, int fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (value.isIntegralNumber() && value.canConvertToInt()) {
      return value.asInt();
    }
    if (value.isTextual()) {
      try {
        return Integer.parseInt(value.asText().trim());
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw new IllegalArgumentException(where + "." + field + " must be an integer");
  }

  private static List<String> strings(
      JsonNode node, String field, String where, List<String> fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException(where + "." + field + " must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw new IllegalArgumentException(where + "." + field + " must be a list of strings");
      }
      out.add(item.asText().trim());
    }
    return out;
  }
}
