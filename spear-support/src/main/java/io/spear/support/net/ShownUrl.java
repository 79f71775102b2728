package io.spear.support.net;

/**
 * A configured URL as it may be shown to viewers: without the credentials an operator may have put
 * in it (user info, query, fragment), so that listing a backend never lists its password or key.
 */
public final class ShownUrl {

  private ShownUrl() {}

  /**
   * {@code url} without its user info, query and fragment; a string that is no URL at all loses the
   * same parts by the same characters ({@code @}, {@code ?}, {@code #}).
   */
  public static String of(String url) {
    if (url == null) {
      return null;
    }
    String shown = url;
    int cut = firstOf(shown, '?', '#');
    if (cut >= 0) {
      shown = shown.substring(0, cut);
    }
    int scheme = shown.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    // The last '@' ends the user info, even when a password holds an unescaped '/' or '@'.
    int at = shown.lastIndexOf('@');
    if (at >= start) {
      shown = shown.substring(0, start) + shown.substring(at + 1);
    }
    return shown;
  }

  private static int firstOf(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }
}
