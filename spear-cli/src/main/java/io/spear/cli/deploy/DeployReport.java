package io.spear.cli.deploy;

import java.util.ArrayList;
import java.util.List;

/**
 * What a deploy did, function by function.
 *
 * @param uploaded modules uploaded (their paths as given in the manifest)
 * @param registered functions registered anew
 * @param updated functions whose registration changed
 * @param unchanged functions left as they were
 * @param removed functions removed by {@code --prune}
 * @param filesRemoved ids of old module files removed because no task uses them any more
 */
public record DeployReport(
    List<String> uploaded,
    List<String> registered,
    List<String> updated,
    List<String> unchanged,
    List<String> removed,
    List<String> filesRemoved) {

  /** Copies the lists. */
  public DeployReport {
    uploaded = List.copyOf(uploaded);
    registered = List.copyOf(registered);
    updated = List.copyOf(updated);
    unchanged = List.copyOf(unchanged);
    removed = List.copyOf(removed);
    filesRemoved = List.copyOf(filesRemoved);
  }

  /** Whether the deploy changed nothing on SMS. */
  public boolean nothingChanged() {
    return uploaded.isEmpty()
        && registered.isEmpty()
        && updated.isEmpty()
        && removed.isEmpty()
        && filesRemoved.isEmpty();
  }

  /** Collects a report while deploying. */
  static final class Builder {
    final List<String> uploaded = new ArrayList<>();
    final List<String> registered = new ArrayList<>();
    final List<String> updated = new ArrayList<>();
    final List<String> unchanged = new ArrayList<>();
    final List<String> removed = new ArrayList<>();
    final List<String> filesRemoved = new ArrayList<>();

    DeployReport build() {
      return new DeployReport(uploaded, registered, updated, unchanged, removed, filesRemoved);
    }
  }
}
