package io.spear.cli.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simple commands of a shell block, split into words the way bash would for the cases our docs
 * use: quotes, comments, line continuations, here-documents, {@code && || | ; ( ) $( <(}.
 */
final class ShellCommands {

  static final Set<String> SHELL_LANGUAGES = Set.of("sh", "bash", "shell", "console");

  private static final Pattern HEREDOC = Pattern.compile("<<-?\\s*['\"]?(\\w+)['\"]?");

  private ShellCommands() {}

  /** Every simple command of the script, as its words (leading VAR=value assignments dropped). */
  static List<List<String>> of(String script) {
    List<List<String>> commands = new ArrayList<>();
    for (String line : logicalLines(script)) {
      List<String> words = new ArrayList<>();
      for (String token : tokens(line)) {
        if (isSeparator(token)) {
          add(commands, words);
          words = new ArrayList<>();
        } else if (!(words.isEmpty() && token.matches("[A-Za-z_][A-Za-z0-9_]*=.*"))) {
          words.add(token);
        }
      }
      add(commands, words);
    }
    return commands;
  }

  private static void add(List<List<String>> commands, List<String> words) {
    if (!words.isEmpty()) {
      commands.add(words);
    }
  }

  private static boolean isSeparator(String token) {
    return Set.of("&&", "||", "|", ";", "(", ")", "$(", "<(", "&").contains(token);
  }

  /** Lines joined at trailing backslashes, with here-document bodies left out. */
  private static List<String> logicalLines(String script) {
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    String heredocEnd = null;
    for (String line : script.split("\n", -1)) {
      if (heredocEnd != null) {
        if (line.strip().equals(heredocEnd)) {
          heredocEnd = null;
        }
        continue;
      }
      Matcher heredoc = HEREDOC.matcher(line);
      if (heredoc.find()) {
        heredocEnd = heredoc.group(1);
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
      } else {
        lines.add(current.append(line).toString());
        current = new StringBuilder();
      }
    }
    return lines;
  }

  /** Words and separators of one line; an unquoted # starting a word ends it. */
  private static List<String> tokens(String line) {
    List<String> tokens = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'' || c == '"') {
        int end = closingQuote(line, i, c);
        word.append(line, i + 1, end);
        inWord = true;
        i = end;
      } else if (c == '#' && !inWord) {
        break;
      } else if (Character.isWhitespace(c)) {
        inWord = flush(tokens, word, inWord);
      } else if (separatorAt(line, i) != null) {
        String sep = separatorAt(line, i);
        inWord = flush(tokens, word, inWord);
        tokens.add(sep);
        i += sep.length() - 1;
      } else {
        word.append(c);
        inWord = true;
      }
    }
    flush(tokens, word, inWord);
    return tokens;
  }

  private static int closingQuote(String line, int open, char quote) {
    for (int i = open + 1; i < line.length(); i++) {
      if (line.charAt(i) == '\\' && quote == '"') {
        i++;
      } else if (line.charAt(i) == quote) {
        return i;
      }
    }
    return line.length(); // unterminated: the rest of the line
  }

  private static String separatorAt(String line, int i) {
    for (String sep : List.of("&&", "||", "$(", "<(", "|", ";", "(", ")", "&")) {
      if (line.startsWith(sep, i)) {
        return sep;
      }
    }
    return null;
  }

  private static boolean flush(List<String> tokens, StringBuilder word, boolean inWord) {
    if (inWord) {
      tokens.add(word.toString());
      word.setLength(0);
    }
    return false;
  }
}
