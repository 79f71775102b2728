package io.spear.support.net;

import java.util.Locale;

/**
 * The one way an address from configuration or a task becomes a base URL: {@code host:port} means
 * plain HTTP, a URL keeps its scheme (so a configured {@code https://} SMS stays HTTPS), and the
 * trailing slash goes.
 */
public final class BaseUrl {

  private BaseUrl() {}

  /** {@code host:port} or an {@code http(s)://} URL, as a base URL without a trailing slash. */
  public static String of(String address) {
    String trimmed = address.trim();
    String url = trimmed.contains("://") ? trimmed : "http://" + trimmed;
    String scheme = url.substring(0, url.indexOf("://")).toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "address must be host:port or an http(s) URL but was '" + address + "'");
    }
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    return url;
  }
}
