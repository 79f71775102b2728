package io.spear.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.spear.model.json.Json;
import java.io.PrintWriter;

/** Prints API answers as indented JSON. */
final class Output {

  private Output() {}

  static void json(PrintWriter out, Object answer) {
    try {
      out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(answer));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an API record always serializes", e);
    }
    out.flush();
  }
}
