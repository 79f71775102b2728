package io.spear.sms.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a PostgreSQL database is and who to log in as, parsed from {@code
 * postgresql://user:pass@host:port/db?param=value} or {@code
 * jdbc:postgresql://host:port/db?user=…&password=…}.
 *
 * <p>The credentials are kept apart from the JDBC URL, and {@link #toString()} never shows the
 * password, so the value can be logged.
 */
public final class PostgresUrl {

  private static final String JDBC_PREFIX = "jdbc:";

  private final String jdbcUrl;
  private final Optional<String> user;
  private final Optional<String> password;
  private final String display;

  private PostgresUrl(
      String jdbcUrl, Optional<String> user, Optional<String> password, String display) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.display = display;
  }

  /**
   * Parses a URL in either form.
   *
   * @throws IllegalArgumentException naming what is wrong (never echoing the password)
   */
  public static PostgresUrl parse(String url) {
    Objects.requireNonNull(url, "url");
    URI uri = uri(url.trim());
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("the database URL names no host");
    }
    String path = Optional.ofNullable(uri.getRawPath()).orElse("");
    String database = decode(path.startsWith("/") ? path.substring(1) : path);
    if (database.isEmpty() || database.contains("/")) {
      throw new IllegalArgumentException("the database URL must name one database: host/db");
    }

    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      user = Optional.of(decode(colon < 0 ? userInfo : userInfo.substring(0, colon)));
      if (colon >= 0) {
        password = Optional.of(decode(userInfo.substring(colon + 1)));
      }
    }
    List<String> kept = new ArrayList<>();
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        switch (key) {
          case "user" -> user = Optional.of(value);
          case "password" -> password = Optional.of(value);
          default -> kept.add(pair);
        }
      }
    }
    String hostPort = uri.getRawAuthority();
    int at = hostPort.lastIndexOf('@');
    if (at >= 0) {
      hostPort = hostPort.substring(at + 1);
    }
    String base = "postgresql://" + hostPort + "/" + path.substring(path.startsWith("/") ? 1 : 0);
    String params = kept.isEmpty() ? "" : "?" + String.join("&", kept);
    String display =
        "postgresql://" + user.map(u -> u + "@").orElse("") + hostPort + "/" + database + params;
    return new PostgresUrl(JDBC_PREFIX + base + params, user, password, display);
  }

  /** The URL in either form as a {@code postgresql://} URI. */
  private static URI uri(String trimmed) {
    String lower = trimmed.toLowerCase(Locale.ROOT);
    String rest;
    if (lower.startsWith("jdbc:postgresql://")) {
      rest = trimmed.substring(JDBC_PREFIX.length() + "postgresql://".length());
    } else if (lower.startsWith("postgresql://")) {
      rest = trimmed.substring("postgresql://".length());
    } else if (lower.startsWith("postgres://")) {
      rest = trimmed.substring("postgres://".length());
    } else {
      throw new IllegalArgumentException(
          "a database URL must start with postgresql:// or jdbc:postgresql://");
    }
    try {
      return new URI("postgresql://" + rest);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "the database URL is malformed (check that special characters in the password are"
              + " percent-encoded)");
    }
  }

  /** The JDBC URL, without user or password. */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** The user to log in as, if the URL names one. */
  public Optional<String> user() {
    return user;
  }

  /** The password, if the URL has one; never log it. */
  public Optional<String> password() {
    return password;
  }

  /** The URL without its password. */
  @Override
  public String toString() {
    return display;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PostgresUrl other
        && jdbcUrl.equals(other.jdbcUrl)
        && user.equals(other.user)
        && password.equals(other.password);
  }

  @Override
  public int hashCode() {
    return Objects.hash(jdbcUrl, user);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
