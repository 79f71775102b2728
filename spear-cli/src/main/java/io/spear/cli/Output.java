package io.spear.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.spear.model.json.Json;
import java.io.PrintWriter;

/** Prints API answers as indented JSON. */
final class Output {

  private Output() {}

  static void json(PrintWriter out, JsonNode node) {
    try {
      out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
    out.flush();
  }
}
