package io.spear.cli.scaffold;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The guest projects {@code spear new} can write. */
public enum GuestTemplate {
  /** Prints a greeting and logs a line: the smallest complete function. */
  C_HELLO("c-hello"),
  /** Asks a language model, offering it a C function as a tool. */
  C_CHAT("c-chat"),
  /** Echoes the frames of WebSocket clients reaching it through an endpoint. */
  C_STREAM("c-stream");

  private final String id;

  GuestTemplate(String id) {
    this.id = id;
  }

  /** The name users type ({@code c-hello}). */
  public String id() {
    return id;
  }

  /** The template a user named, or an exception listing the known ones. */
  public static GuestTemplate of(String id) {
    for (GuestTemplate template : values()) {
      if (template.id.equals(id.toLowerCase(Locale.ROOT))) {
        return template;
      }
    }
    throw new IllegalArgumentException("unknown template '" + id + "'; known: " + ids());
  }

  /** Every template's name, comma-separated. */
  public static String ids() {
    return Arrays.stream(values()).map(GuestTemplate::id).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return id;
  }
}
