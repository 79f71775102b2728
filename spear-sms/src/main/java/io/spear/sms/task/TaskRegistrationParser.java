package io.spear.sms.task;

import static io.spear.model.json.JsonFields.stringMap;
import static io.spear.model.json.JsonFields.strings;
import static io.spear.model.json.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.model.api.TaskSpec;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.json.JsonFields;
import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.model.task.HttpTriggerSettings;
import io.spear.model.task.SmsFileUri;
import io.spear.model.task.Task;
import io.spear.model.task.TaskPriority;
import io.spear.model.task.TaskSettings;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks a task registration JSON field by field, so every refusal names the field at fault.
 *
 * <p>Accepts exactly what SPEAR accepts (the seed document's JSON), with stricter checks where
 * SPEAR silently stores nonsense: an unknown priority or executable type, a WASM module URI that no
 * node could fetch.
 */
public final class TaskRegistrationParser {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
  private static final int MAX_TEXT = 1024;

  private TaskRegistrationParser() {}

  /** Parses a registration body, or throws {@link InvalidRequestException} naming the field. */
  public static TaskSpec parse(String rawBody) {
    JsonNode body = JsonFields.object(rawBody, true);
    String name = bounded(text(body, "name", "name", true), "name").trim();
    if (name.isEmpty()) {
      throw new InvalidRequestException("name is required and must not be blank");
    }
    String description = bounded(text(body, "description", "description", false), "description");
    return new TaskSpec(
        name,
        description.isEmpty() ? "Task: " + name : description,
        priority(body),
        bounded(text(body, "node_uuid", "node_uuid", false), "node_uuid"),
        endpoint(bounded(text(body, "endpoint", "endpoint", false), "endpoint").trim()),
        bounded(text(body, "version", "version", false), "version"),
        strings(body, "capabilities", "capabilities"),
        stringMap(body, "metadata", "metadata"),
        config(stringMap(body, "config", "config")),
        executable(body.get("executable")).orElse(null));
  }

  /**
   * The task's config, if the keys the platform reads from it (TaskSettings) hold valid values: a
   * bad one is refused here, naming the key, rather than at every invocation.
   */
  private static java.util.Map<String, String> config(java.util.Map<String, String> config) {
    TaskSettings.parse(config);
    HttpTriggerSettings.parse(config);
    return config;
  }

  /** SPEAR's rule: empty (no endpoint) or {@code [A-Za-z0-9_-]{1,64}}, stored lower-cased. */
  private static String endpoint(String value) {
    if (!value.isEmpty() && !ENDPOINT.matcher(value).matches()) {
      throw new InvalidRequestException(
          "endpoint must be empty or 1 to 64 letters, digits, '_' or '-' but was '" + value + "'");
    }
    return value.toLowerCase(java.util.Locale.ROOT);
  }

  /** A valid endpoint name. */
  public static final java.util.regex.Pattern ENDPOINT = Task.ENDPOINT;

  private static TaskPriority priority(JsonNode body) {
    String expected =
        Arrays.stream(TaskPriority.values())
            .map(TaskPriority::wire)
            .collect(Collectors.joining(", "));
    JsonNode node = body.get("priority");
    if (node == null || node.isNull()) {
      return TaskPriority.NORMAL;
    }
    if (!node.isTextual()) {
      throw new InvalidRequestException("priority must be one of " + expected);
    }
    return TaskPriority.fromWire(node.asText().trim())
        .orElseThrow(
            () ->
                new InvalidRequestException(
                    "priority must be one of " + expected + " but was '" + node.asText() + "'"));
  }

  private static Optional<Executable> executable(JsonNode node) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      throw new InvalidRequestException("executable must be a JSON object");
    }
    String typeName = text(node, "type", "executable.type", true).trim();
    String expected =
        Arrays.stream(ExecutableType.values())
            .map(ExecutableType::wire)
            .collect(Collectors.joining(", "));
    ExecutableType type =
        ExecutableType.fromWire(typeName)
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        "executable.type must be one of "
                            + expected
                            + " but was '"
                            + typeName
                            + "'"));
    String uri = bounded(text(node, "uri", "executable.uri", false), "executable.uri").trim();
    if (type == ExecutableType.WASM) {
      checkWasmUri(uri);
    }
    String checksum = text(node, "checksum_sha256", "executable.checksum_sha256", false).trim();
    if (!checksum.isEmpty() && !SHA256_HEX.matcher(checksum).matches()) {
      throw new InvalidRequestException(
          "executable.checksum_sha256 must be 64 hexadecimal characters");
    }
    return Optional.of(
        new Executable(
            type,
            uri,
            bounded(text(node, "name", "executable.name", false), "executable.name"),
            checksum.toLowerCase(Locale.ROOT),
            strings(node, "args", "executable.args"),
            secretReferences(stringMap(node, "env", "executable.env"))));
  }

  // References to secrets are kept as written; only their names' form is checked here (whether
  // the secret exists is checked when the task runs, so a secret may be created after the task).
  private static java.util.Map<String, String> secretReferences(java.util.Map<String, String> env) {
    try {
      io.spear.model.secret.SecretReferences.names(env);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(e.getMessage());
    }
    return env;
  }

  private static void checkWasmUri(String uri) {
    if (uri.isEmpty()) {
      throw new InvalidRequestException(
          "executable.uri is required for type wasm (sms+file://<file_id>)");
    }
    if (SmsFileUri.parse(uri).isEmpty()) {
      String why =
          SmsFileUri.hasSmsFileScheme(uri)
              ? "is malformed"
              : "has unsupported scheme '" + SmsFileUri.schemeOf(uri) + "'";
      throw new InvalidRequestException(
          "executable.uri "
              + why
              + "; type wasm needs sms+file://<file_id>, sms+file://<host:port>/<file_id>"
              + " or smsfile://<file_id>");
    }
  }

  private static String bounded(String value, String label) {
    if (value.length() > MAX_TEXT) {
      throw new InvalidRequestException(label + " must be at most " + MAX_TEXT + " characters");
    }
    return value;
  }
}
