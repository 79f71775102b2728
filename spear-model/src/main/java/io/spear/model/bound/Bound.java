package io.spear.model.bound;

import com.fasterxml.jackson.databind.JsonNode;
import io.spear.model.error.InvalidRequestException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The accepted range of one number a caller or node supplies, and the one place that reads it:
 * every refusal says the same thing, "{@code name must be between min and max but was value}".
 *
 * @param name the parameter's name as the caller wrote it (a query parameter, a dotted JSON field)
 * @param min the smallest accepted value
 * @param max the largest accepted value
 */
public record Bound(String name, long min, long max) {

  // Longer numbers are refused unread: parsing them costs more than any range needs.
  private static final int MAX_DIGITS = 40;
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1," + MAX_DIGITS + "}");

  /** Checks the range. */
  public Bound {
    Objects.requireNonNull(name, "name");
    if (min > max) {
      throw new IllegalArgumentException("min " + min + " is above max " + max);
    }
  }

  /** The same range under another name (a field inside a list, say). */
  public Bound named(String other) {
    return new Bound(other, min, max);
  }

  /** The value if within the range. */
  public long check(long value) {
    if (value < min || value > max) {
      throw refused(Long.toString(value));
    }
    return value;
  }

  /** A decimal within the range; NaN and the infinities are refused too. */
  public double check(double value) {
    if (Double.isNaN(value) || value < min || value > max) {
      throw refused(Double.toString(value));
    }
    return value;
  }

  /** An integer written as text (a query parameter, a header, a string map's value). */
  public long parse(String raw) {
    Objects.requireNonNull(raw, "raw");
    String text = raw.trim();
    if (!INTEGER.matcher(text).matches()) {
      throw notAnInteger(quoted(raw));
    }
    return checkBig(new BigInteger(text), text);
  }

  /** A decimal written as text; {@code NaN}, infinities and words are refused. */
  public double parseDecimal(String raw) {
    Objects.requireNonNull(raw, "raw");
    String text = raw.trim();
    BigDecimal value;
    try {
      if (text.length() > MAX_DIGITS) {
        throw new NumberFormatException();
      }
      value = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(
          name + " must be a number between " + min + " and " + max + " but was " + quoted(raw));
    }
    if (value.compareTo(BigDecimal.valueOf(min)) < 0
        || value.compareTo(BigDecimal.valueOf(max)) > 0) {
      throw refused(text);
    }
    return value.doubleValue();
  }

  /** An integer JSON field of {@code parent}, if present and not null. */
  public Optional<Long> read(JsonNode parent, String field) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isIntegralNumber()) {
      throw notAnInteger(node.isNumber() ? node.asText() : node.toString());
    }
    return Optional.of(checkBig(node.bigIntegerValue(), node.asText()));
  }

  /** A JSON number field of {@code parent} (integer or decimal), if present and not null. */
  public Optional<Double> readDecimal(JsonNode parent, String field) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isNumber()) {
      throw new InvalidRequestException(
          name + " must be a number between " + min + " and " + max + " but was " + node);
    }
    return Optional.of(check(node.asDouble()));
  }

  private long checkBig(BigInteger value, String shown) {
    if (value.compareTo(BigInteger.valueOf(min)) < 0
        || value.compareTo(BigInteger.valueOf(max)) > 0) {
      throw refused(shown);
    }
    return value.longValueExact();
  }

  private static String quoted(String raw) {
    return "'" + (raw.length() > MAX_DIGITS ? raw.substring(0, MAX_DIGITS) + "..." : raw) + "'";
  }

  private InvalidRequestException notAnInteger(String shown) {
    return new InvalidRequestException(
        name + " must be an integer between " + min + " and " + max + " but was " + shown);
  }

  private InvalidRequestException refused(String shown) {
    return new InvalidRequestException(
        name + " must be between " + min + " and " + max + " but was " + shown);
  }
}
