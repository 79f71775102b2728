package io.spear.spearlet.invoke;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Callers waiting for something the node frees one at a time, in a line per task: the next one
 * served is the head of the first task in line, and that task then goes to the back, so tasks take
 * turns and one task's hundreds of callers delay another's by one turn. Not thread-safe: its owner
 * guards it with its lock.
 */
final class TaskTurns<W> {

  private final LinkedHashMap<String, ArrayDeque<W>> lines = new LinkedHashMap<>();
  private int size;

  /** Puts {@code waiter} at the end of its task's line. */
  void add(String taskId, W waiter) {
    lines.computeIfAbsent(taskId, t -> new ArrayDeque<>()).addLast(waiter);
    size++;
  }

  /** Takes {@code waiter} out of its task's line; false when it was not in it. */
  boolean remove(String taskId, W waiter) {
    ArrayDeque<W> line = lines.get(taskId);
    if (line == null || !line.remove(waiter)) {
      return false;
    }
    size--;
    if (line.isEmpty()) {
      lines.remove(taskId);
    }
    return true;
  }

  /**
   * Takes the next waiter whose turn it is among those that {@code fit}: the head of the first task
   * in line whose head fits (tasks whose head does not fit keep their place); null when none.
   */
  W next(Predicate<W> fit) {
    Iterator<Map.Entry<String, ArrayDeque<W>>> tasks = lines.entrySet().iterator();
    while (tasks.hasNext()) {
      Map.Entry<String, ArrayDeque<W>> line = tasks.next();
      if (!fit.test(line.getValue().peekFirst())) {
        continue;
      }
      W chosen = line.getValue().pollFirst();
      tasks.remove();
      if (!line.getValue().isEmpty()) {
        lines.put(line.getKey(), line.getValue());
      }
      size--;
      return chosen;
    }
    return null;
  }

  /** Whether {@code taskId} has callers in line. */
  boolean has(String taskId) {
    return lines.containsKey(taskId);
  }

  /** Callers in line, of all tasks. */
  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }
}
