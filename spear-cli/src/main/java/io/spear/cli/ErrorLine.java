package io.spear.cli;

import io.spear.client.ApiCallException;

/** One line for a failed API call: its code, status, message and what to try next. */
final class ErrorLine {

  private ErrorLine() {}

  static String of(ApiCallException e) {
    String status = e.answered() ? " (HTTP " + e.status() + ")" : "";
    String hint = hint(e.error());
    return "error: "
        + e.error()
        + status
        + ": "
        + e.getMessage()
        + (hint.isEmpty() ? "" : " — hint: " + hint);
  }

  static String hint(String code) {
    return switch (code) {
      case "UNREACHABLE" -> "start the platform with ./spear up, or name it with --sms / SPEAR_SMS";
      case "TASK_NOT_FOUND" -> "list tasks with ./spear tasks list";
      case "FILE_NOT_FOUND" -> "list files with ./spear files list";
      case "EXECUTION_NOT_FOUND" -> "executions are kept by SMS; check the id";
      case "NODE_NOT_FOUND" -> "list nodes with ./spear nodes list";
      case "NO_NODE_AVAILABLE" -> "no node is online: ./spear nodes list, or start one";
      case "RESOURCE_EXHAUSTED" -> "every node is busy; retry later";
      case "ENDPOINT_CONFLICT" -> "another task owns that endpoint; pick another";
      case "EXECUTION_ENDED" -> "the execution has ended; start a new one";
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
