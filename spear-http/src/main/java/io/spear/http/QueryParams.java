package io.spear.http;

import io.javalin.http.Context;
import io.spear.model.bound.Bound;
import io.spear.model.error.InvalidRequestException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/** Reads query parameters, answering 400 with the parameter's name when one is malformed. */
public final class QueryParams {

  private QueryParams() {}

  /** An integer parameter within bounds, or the fallback when absent. */
  public static int intParam(Context ctx, String name, int fallback, int min, int max) {
    return (int) param(ctx, new Bound(name, min, max)).orElse(fallback);
  }

  /** An integer parameter within {@code bound} (named as the parameter), if present. */
  public static OptionalLong param(Context ctx, Bound bound) {
    String raw = ctx.queryParam(bound.name());
    if (raw == null || raw.isBlank()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(bound.parse(raw));
  }

  /**
   * An optional parameter parsed by {@code parser}, which answers empty for a value it does not
   * know; {@code expected} describes the accepted values in the error.
   */
  public static <T> Optional<T> enumParam(
      Context ctx, String name, Function<String, Optional<T>> parser, String expected) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        parser
            .apply(raw.trim())
            .orElseThrow(
                () ->
                    new InvalidRequestException(
                        name + " must be one of " + expected + " but was '" + raw + "'")));
  }

  /** A boolean parameter: {@code true}/{@code 1} or {@code false}/{@code 0}. */
  public static boolean boolParam(Context ctx, String name, boolean fallback) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    return switch (raw.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1" -> true;
      case "false", "0" -> false;
      default ->
          throw new InvalidRequestException(name + " must be true or false but was '" + raw + "'");
    };
  }
}
