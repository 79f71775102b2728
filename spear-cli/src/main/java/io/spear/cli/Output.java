package io.spear.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.spear.model.json.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

/** Prints API answers as indented JSON. */
final class Output {

  // Only the streaming core: a one-shot list command then never sets up Jackson's mapper, nor binds
  // the records of its answer (together a third of its CPU).
  private static final JsonFactory STREAMS = new JsonFactory();

  private Output() {}

  /** Prints an answer's JSON as SMS sent it, indented as {@link #json} indents a record. */
  static void raw(PrintWriter out, byte[] answer) {
    StringWriter text = new StringWriter();
    try (JsonParser parser = STREAMS.createParser(answer);
        JsonGenerator generator = STREAMS.createGenerator(text)) {
      generator.useDefaultPrettyPrinter();
      parser.nextToken();
      generator.copyCurrentStructure(parser);
    } catch (IOException e) {
      throw new CliException("SMS answered something that is not JSON: " + e.getMessage(), 1);
    }
    out.println(text);
    out.flush();
  }

  static void json(PrintWriter out, Object answer) {
    try {
      out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(answer));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an API record always serializes", e);
    }
    out.flush();
  }
}
