package io.spear.spearlet.trigger;

import io.spear.http.trigger.Forwarded;
import io.spear.http.trigger.HopByHop;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CGI response's header block (RFC 3875 section 6), parsed: the status it asks for and the
 * headers to send. Hop-by-hop headers and the platform's own {@code X-Spear-*} are left out.
 *
 * @param status the HTTP status: {@code Status}, else 302 with a {@code Location}, else 200
 * @param headers the headers to send, in the guest's order
 */
record CgiHeaders(int status, List<Map.Entry<String, String>> headers) {

  private static final Pattern FIELD =
      Pattern.compile("([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \\t]*(.*?)[ \\t]*");
  private static final Pattern STATUS = Pattern.compile("([0-9]{3})(?:[ \\t].*)?");

  /** Whether a first line of output starts a header block rather than plain text. */
  static boolean startsHeaderBlock(String line) {
    return FIELD.matcher(line).matches();
  }

  /**
   * The header block made of {@code lines} (line ends removed).
   *
   * @throws Invalid naming the problem when it is not a valid CGI header block
   */
  static CgiHeaders parse(List<String> lines) {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    Integer status = null;
    boolean location = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher field = FIELD.matcher(line);
      if (!field.matches()) {
        throw new Invalid(
            "line " + (i + 1) + " of the header block is not 'Name: value': " + shown(line));
      }
      String name = field.group(1);
      String value = field.group(2);
      if (value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
        throw new Invalid("header " + name + " holds a control character");
      }
      switch (name.toLowerCase(Locale.ROOT)) {
        case "status" -> status = status(value);
        case "location" -> {
          location = true;
          headers.add(Map.entry("Location", value));
        }
        default -> {
          if (!HopByHop.is(name) && !Forwarded.isSpearHeader(name)) {
            headers.add(Map.entry(name, value));
          }
        }
      }
    }
    int code = status != null ? status : location ? 302 : 200;
    return new CgiHeaders(code, headers);
  }

  private static int status(String value) {
    Matcher m = STATUS.matcher(value);
    int code = m.matches() ? Integer.parseInt(m.group(1)) : 0;
    if (code < 200 || code > 599) {
      throw new Invalid(
          "Status must be a code from 200 to 599 and a reason, e.g. '404 Not Found', but was "
              + shown(value));
    }
    return code;
  }

  private static String shown(String text) {
    String cut = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
  }

  /** Why a header block is not valid, in words for the client. */
  static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false);
    }
  }
}
