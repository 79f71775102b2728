package io.spear.model.secret;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * References to secrets kept on SMS, written {@code ${secret:NAME}} in a task's {@code
 * executable.env} values. A task stores the reference; a node substitutes the value for one
 * execution only.
 */
public final class SecretReferences {

  /** What a secret's name may be: a letter or {@code _}, then letters, digits, {@code _ - .}. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,127}");

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{secret:([^}]*)}");

  private SecretReferences() {}

  /** Whether {@code name} is a valid secret name. */
  public static boolean validName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /**
   * The names {@code env}'s values refer to, sorted.
   *
   * @throws IllegalArgumentException naming a reference whose name is not valid
   */
  public static Set<String> names(Map<String, String> env) {
    Set<String> names = new TreeSet<>();
    env.forEach(
        (key, value) -> {
          Matcher m = REFERENCE.matcher(value == null ? "" : value);
          while (m.find()) {
            if (!validName(m.group(1))) {
              throw new IllegalArgumentException(
                  "executable.env."
                      + key
                      + " refers to a secret named '"
                      + m.group(1)
                      + "', which is not a valid secret name");
            }
            names.add(m.group(1));
          }
        });
    return names;
  }

  /**
   * The entries of {@code env} that hold references, each with its references replaced by their
   * values in {@code values} (which must hold them all): the overlay of one execution.
   */
  public static Map<String, String> substitute(
      Map<String, String> env, Map<String, String> values) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    env.forEach(
        (key, value) -> {
          if (value != null && REFERENCE.matcher(value).find()) {
            out.put(
                key,
                REFERENCE
                    .matcher(value)
                    .replaceAll(
                        m -> {
                          String secret = values.get(m.group(1));
                          if (secret == null) {
                            throw new IllegalArgumentException(
                                "secret " + m.group(1) + " was not resolved");
                          }
                          return Matcher.quoteReplacement(secret);
                        }));
          }
        });
    return out;
  }
}
