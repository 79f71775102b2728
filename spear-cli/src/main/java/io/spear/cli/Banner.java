package io.spear.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lines {@code spear up} and {@code spear sms} print once they listen, after the address lines:
 * where the console is, and the exact command that reaches this platform (a client finds only the
 * default address by itself).
 *
 * @param scheme http or https
 * @param host the host clients use
 * @param smsPort the port SMS listens on
 * @param tokens whether callers need a token
 * @param certificate the certificate served over https, which a client must trust
 */
record Banner(String scheme, String host, int smsPort, boolean tokens, Optional<Path> certificate) {

  private static final String DEFAULT_SMS = "http://127.0.0.1:8080";

  /** The console's URL and the command line to try. */
  List<String> lines(String tryWhat) {
    String sms = scheme + "://" + host + ":" + smsPort;
    List<String> env = new ArrayList<>();
    if (!sms.equals(DEFAULT_SMS)) {
      env.add("SPEAR_SMS=" + sms);
    }
    certificate.ifPresent(c -> env.add("SPEAR_TLS_CA=" + c.toAbsolutePath().normalize()));
    if (tokens) {
      env.add("SPEAR_TOKEN=<your token>");
    }
    String prefix = env.isEmpty() ? "" : String.join(" ", env) + " ";
    return List.of("Console: " + sms + "/console/", "Try: " + prefix + tryWhat);
  }
}
