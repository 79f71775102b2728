package io.spear.cli.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The parts of our Markdown pages the docs tests read: prose, fenced blocks, headings, links. */
final class Markdown {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static final Pattern FENCE = Pattern.compile("^\\s*```\\s*([\\w-]*).*$");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern LINK =
      Pattern.compile(
          "!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\)");
  private static final Pattern HTML_ANCHOR =
      Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
  private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");
  private static final Pattern TOUR_MARK = Pattern.compile("^<!--\\s*tour\\b([^>]*)-->\\s*$");

  /** A fenced block: its info string (language), its text, and the tour marker before it. */
  record Block(Path file, int line, String language, String text, String tourMark) {}

  final Path file;
  private final List<String> lines;

  Markdown(Path file) {
    this.file = file;
    try {
      this.lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** README.md first, then the other Markdown files at the top and every page under docs/. */
  static List<Markdown> pages() {
    try (Stream<Path> top = Files.list(ROOT);
        Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      List<Markdown> pages = new ArrayList<>();
      pages.add(new Markdown(ROOT.resolve("README.md")));
      Stream.concat(top.filter(p -> !p.endsWith("README.md")), docs)
          .filter(p -> p.toString().endsWith(".md"))
          .sorted()
          .map(Markdown::new)
          .forEach(pages::add);
      return pages;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fenced blocks, in order. */
  List<Block> blocks() {
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      int start = i;
      StringBuilder text = new StringBuilder();
      for (i++; i < lines.size() && !FENCE.matcher(lines.get(i)).matches(); i++) {
        text.append(lines.get(i)).append('\n');
      }
      blocks.add(new Block(file, start + 1, open.group(1), text.toString(), tourMark(start)));
    }
    return blocks;
  }

  private String tourMark(int fenceLine) {
    int i = fenceLine - 1;
    while (i >= 0 && lines.get(i).isBlank()) {
      i--;
    }
    if (i < 0) {
      return null;
    }
    Matcher mark = TOUR_MARK.matcher(lines.get(i).trim());
    return mark.matches() ? mark.group(1).trim() : null;
  }

  /** The lines outside fenced blocks, numbered from 1, with inline code spans blanked. */
  Map<Integer, String> prose() {
    Map<Integer, String> prose = new HashMap<>();
    boolean inFence = false;
    for (int i = 0; i < lines.size(); i++) {
      if (FENCE.matcher(lines.get(i)).matches()) {
        inFence = !inFence;
      } else if (!inFence) {
        prose.put(i + 1, lines.get(i));
      }
    }
    return prose;
  }

  /** Every link target in the prose, with its line. */
  List<Map.Entry<Integer, String>> links() {
    List<Map.Entry<Integer, String>> links = new ArrayList<>();
    prose().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              Matcher m = LINK.matcher(INLINE_CODE.matcher(e.getValue()).replaceAll("``"));
              while (m.find()) {
                links.add(Map.entry(e.getKey(), m.group(1)));
              }
            });
    return links;
  }

  /** The anchors GitHub makes for this page: one per heading (deduplicated -1, -2...), and ids. */
  Set<String> anchors() {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    prose().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(Map.Entry::getValue)
        .forEach(
            line -> {
              Matcher heading = HEADING.matcher(line);
              if (heading.matches()) {
                String slug = slug(heading.group(1));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
              }
              Matcher html = HTML_ANCHOR.matcher(line);
              while (html.find()) {
                anchors.add(html.group(1));
              }
            });
    return anchors;
  }

  /**
   * GitHub's heading slug: the rendered text lower-cased, everything but letters, marks, numbers,
   * connector punctuation, spaces and hyphens dropped, spaces turned into hyphens.
   */
  static String slug(String heading) {
    String text =
        heading
            .replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
            .replaceAll("<[^>]+>", "")
            .replace("`", "")
            .replaceAll("\\*+", "");
    return text.toLowerCase(java.util.Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "")
        .replace(' ', '-');
  }
}
