package io.spear.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (0.0.4): every line must be a comment,
 * blank, or a well-formed sample, or parsing fails naming the line.
 */
public final class PrometheusText {

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern SAMPLE =
      Pattern.compile(
          "([a-zA-Z_:][a-zA-Z0-9_:]*)"
              + "(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*\\})?"
              + " ([-+]?(?:[0-9.]+(?:[eE][-+]?[0-9]+)?|NaN|Inf))( -?[0-9]+)?");
  private static final Pattern META = Pattern.compile("# (HELP|TYPE) (\\S+)( .*)?");

  private PrometheusText() {}

  /** Samples by {@code name{labels}} (labels as written); throws on any malformed line. */
  public static Map<String, Double> parse(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        Matcher meta = META.matcher(line);
        if (line.startsWith("# HELP") || line.startsWith("# TYPE")) {
          if (!meta.matches() || !NAME.matcher(meta.group(2)).matches()) {
            throw new IllegalArgumentException("line " + (i + 1) + " is malformed: " + line);
          }
        }
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException("line " + (i + 1) + " is not a sample: " + line);
      }
      String key = m.group(1) + (m.group(2) == null ? "" : m.group(2).replace(",}", "}"));
      String value = m.group(3);
      double v =
          switch (value) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(value);
          };
      if (samples.put(key, v) != null) {
        throw new IllegalArgumentException("line " + (i + 1) + " repeats sample " + key);
      }
    }
    return samples;
  }
}
