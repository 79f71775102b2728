package io.spear.cli.deploy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A malformed manifest explained in the manifest's terms (its line, key and function), never in the
 * parser's (no Java class or type names).
 */
final class ManifestErrors {

  private static final Pattern KEY = Pattern.compile("^\\s*\"?([A-Za-z0-9_.-]+)\"?\\s*[=:]");

  private ManifestErrors() {}

  /** The file does not parse as TOML (or YAML) at all. */
  static String syntax(Path file, String format, String text, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    int line = at == null ? -1 : at.getLineNr();
    String message = Objects.requireNonNullElse(e.getOriginalMessage(), "does not parse");
    if (message.startsWith("Duplicate key")) {
      String twice = duplicateKey(text);
      if (!twice.isEmpty()) {
        return file + " " + twice;
      }
    }
    String where = line > 0 ? " at line " + line + ", column " + at.getColumnNr() : "";
    return file + " is not valid " + format + where + ": " + firstLine(message);
  }

  // The first key set twice in one table, as "line N: key 'k' is set twice ...", or empty.
  private static String duplicateKey(String text) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("[")) {
        seen.clear();
        continue;
      }
      Matcher key = KEY.matcher(line);
      if (key.find() && !seen.add(key.group(1))) {
        return "line %d: key '%s' is set twice in its table (keep one)"
            .formatted(i + 1, key.group(1));
      }
    }
    return "";
  }

  /** A {@code [[functions]]} entry parses but does not fit a function. */
  static String function(Path file, JsonProcessingException e) {
    String where = file + functionNumber(e) + lineOf(e);
    if (e instanceof UnrecognizedPropertyException u) {
      TreeSet<String> known =
          u.getKnownPropertyIds().stream()
              .map(Object::toString)
              .collect(Collectors.toCollection(TreeSet::new));
      return "%s: unknown key '%s' (a function's keys: %s)"
          .formatted(where, u.getPropertyName(), String.join(", ", known));
    }
    String key = keyOf(e);
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      return "%s: '%s' should be %s".formatted(where, key, kind(m.getTargetType()));
    }
    return where + ": '" + key + "' is not valid here";
  }

  // [[functions]] entries counted from 1, as a reader of the file counts them.
  private static String functionNumber(JsonProcessingException e) {
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      int index = m.getPath().get(0).getIndex();
      return index >= 0 ? ", function #" + (index + 1) : "";
    }
    return "";
  }

  private static String lineOf(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    return at != null && at.getLineNr() > 0 ? " (line " + at.getLineNr() + ")" : "";
  }

  private static String keyOf(JsonProcessingException e) {
    if (e instanceof JsonMappingException m) {
      return m.getPath().stream()
          .map(JsonMappingException.Reference::getFieldName)
          .filter(Objects::nonNull)
          .collect(Collectors.joining("."));
    }
    return "?";
  }

  private static String kind(Class<?> type) {
    if (java.util.List.class.isAssignableFrom(type) || type.isArray()) {
      return "a list, e.g. [\"a\", \"b\"]";
    }
    if (java.util.Map.class.isAssignableFrom(type)) {
      return "a table, e.g. { KEY = \"value\" }";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    return "text in quotes";
  }

  private static String firstLine(String message) {
    return message.lines().findFirst().orElse(message);
  }
}
