package io.spear.cli;

import io.spear.client.ApiCallException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/** One line for a failure: its code, status, message and what to try next; never a class name. */
final class ErrorLine {

  private static final Pattern TARGET = Pattern.compile("^cannot reach (\\S+): .*", Pattern.DOTALL);

  // "java.net.ConnectException: " and the like, wherever a library put one in a message.
  private static final Pattern CLASS_NAME =
      Pattern.compile("(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error)(?::\\s*)?");

  private ErrorLine() {}

  static String of(ApiCallException e) {
    if (!e.answered() && e.getCause() != null) {
      return unreachable(e);
    }
    String status = e.answered() ? " (HTTP " + e.status() + ")" : "";
    return line(e.error() + status + ": " + e.getMessage(), hint(e.error()));
  }

  /** A failure that is no API error: its reason, without the Java class that carried it. */
  static String of(Throwable e) {
    return "error: " + reason(e) + " (run with --debug for the details)";
  }

  private static String line(String text, String hint) {
    return "error: " + text + (hint.isEmpty() ? "" : " — hint: " + hint);
  }

  // No answer: say why in words, and what to do about that reason.
  private static String unreachable(ApiCallException e) {
    Matcher m = TARGET.matcher(e.getMessage());
    String target = m.matches() ? m.group(1) : "the server";
    Throwable cause = e.getCause();
    String why;
    String hint;
    if (has(cause, SSLException.class) && mentions(cause, "PKIX", "certificat")) {
      why = "its TLS certificate is not trusted";
      hint = "give the certificate (or its CA) with --tls-ca or SPEAR_TLS_CA";
    } else if (has(cause, SSLException.class)) {
      why = "the TLS handshake failed (" + reason(cause) + ")";
      hint = "if the server speaks plain HTTP, name it with http:// in --sms / SPEAR_SMS";
    } else if (mentions(cause, "status line", "header parser received no bytes")) {
      why = "it did not answer in plain HTTP";
      hint = "it may serve HTTPS: name it with https:// in --sms / SPEAR_SMS (and --tls-ca)";
    } else if (has(cause, HttpConnectTimeoutException.class)) {
      why = "the connection timed out";
      hint = "check the address, and that nothing blocks the port";
    } else if (has(cause, HttpTimeoutException.class)) {
      why = "no answer in time";
      hint = "the platform is up but slow to answer; retry, or raise --timeout-ms";
    } else if (has(cause, ConnectException.class)) {
      why = "nothing listens there";
      hint = hint("UNREACHABLE");
    } else {
      why = reason(cause);
      hint = hint("UNREACHABLE");
    }
    return line("UNREACHABLE: cannot reach " + target + ": " + why, hint);
  }

  /** What went wrong in words: the innermost useful message, without class names. */
  static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null
        && (t.getMessage() == null || t.getMessage().equals(t.getCause().toString()))) {
      t = t.getCause();
    }
    if (t instanceof NoSuchFileException f) {
      return "no such file: " + f.getFile();
    }
    if (t instanceof AccessDeniedException f) {
      return "permission denied: " + f.getFile();
    }
    String message =
        t.getMessage() == null ? "" : CLASS_NAME.matcher(t.getMessage()).replaceAll("");
    message = message.lines().findFirst().orElse("").strip();
    return message.isEmpty() ? "an unexpected failure" : message;
  }

  private static boolean has(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean mentions(Throwable e, String... words) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (String word : words) {
        if (t.getMessage() != null && t.getMessage().contains(word)) {
          return true;
        }
      }
    }
    return false;
  }

  static String hint(String code) {
    return switch (code) {
      case "UNREACHABLE" -> "start the platform with spear up, or name it with --sms / SPEAR_SMS";
      case "TASK_NOT_FOUND" -> "list tasks with spear tasks list";
      case "FILE_NOT_FOUND" -> "list files with spear files list";
      case "EXECUTION_NOT_FOUND" -> "list executions with spear executions list";
      case "NODE_NOT_FOUND" -> "list nodes with spear nodes list";
      case "SECRET_NOT_FOUND" ->
          "list secrets with spear secrets list; create one with spear secrets set";
      case "SECRETS_UNAVAILABLE" ->
          "start SMS with --secrets-key-file FILE or SPEAR_SECRETS_KEY (base64 of 32 random bytes)";
      case "NO_NODE_AVAILABLE" -> "no node is online: spear nodes list, or start one";
      case "RESOURCE_EXHAUSTED" -> "every node is busy; retry later";
      case "ENDPOINT_CONFLICT" -> "another task owns that endpoint; pick another";
      case "EXECUTION_ENDED" -> "the execution has ended; start a new one";
      case "KEY_NOT_FOUND" -> "list keys with spear kv list NAMESPACE";
      case "VERSION_MISMATCH" -> "read the key's version again with spear kv get --meta";
      case "NAMESPACE_FULL" -> "delete keys, or raise SMS's --kv-max-keys";
      case "CHECKSUM_MISMATCH" -> "the bytes differ from the --checksum given";
      case "PAYLOAD_TOO_LARGE" -> "SMS refuses uploads over its --max-upload-bytes";
      case "INVALID_REQUEST", "INVALID_CONFIGURATION" -> "the message names the field at fault";
      case "EXECUTION_TIMEOUT" -> "raise --timeout-ms, or the node's default_timeout";
      case "HTTP_401", "HTTP_403", "UNAUTHENTICATED" -> "give a token with --token or SPEAR_TOKEN";
      case "PERMISSION_DENIED" -> "this token's role may not; the message names the roles that may";
      default -> "";
    };
  }
}
