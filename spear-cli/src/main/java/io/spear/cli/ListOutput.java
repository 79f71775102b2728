package io.spear.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** {@code --output json|table} of the list commands. */
final class ListOutput {

  /** How a list is printed. */
  enum Format {
    json,
    table
  }

  @Option(
      names = "--output",
      defaultValue = "json",
      description = "json (the API's answer) or table (default: ${DEFAULT-VALUE}).")
  Format format;

  /** A column of a table: its heading and how a row's value is read. */
  record Column<T>(String heading, Function<T, Object> value) {}

  /** Whether the answer is printed as JSON (then as SMS sent it: {@link Output#raw}). */
  boolean json() {
    return format == Format.json;
  }

  /** Prints {@code answer} as JSON, or {@code rows} as a table of {@code columns}. */
  @SafeVarargs
  final <T> void print(PrintWriter out, Object answer, List<T> rows, Column<T>... columns) {
    if (format == Format.json) {
      Output.json(out, answer);
      return;
    }
    List<String[]> cells = new ArrayList<>();
    String[] headings = new String[columns.length];
    for (int i = 0; i < columns.length; i++) {
      headings[i] = columns[i].heading();
    }
    cells.add(headings);
    for (T row : rows) {
      String[] line = new String[columns.length];
      for (int i = 0; i < columns.length; i++) {
        Object value = columns[i].value().apply(row);
        line[i] = value == null ? "" : value.toString();
      }
      cells.add(line);
    }
    int[] widths = new int[columns.length];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    for (String[] line : cells) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < line.length; i++) {
        text.append(
            i == line.length - 1 ? line[i] : String.format("%-" + widths[i] + "s  ", line[i]));
      }
      out.println(text.toString().stripTrailing());
    }
    out.flush();
  }
}
