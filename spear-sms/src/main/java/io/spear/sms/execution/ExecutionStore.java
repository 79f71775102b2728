package io.spear.sms.execution;

import io.spear.model.execution.ExecutionRecord;
import io.spear.sms.page.Page;
import io.spear.sms.page.PageRequest;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where execution records reported by nodes live. */
public interface ExecutionStore {

  /**
   * Stores or updates a record; a record that has ended is never replaced by one that has not (a
   * late "running" report cannot undo "completed").
   *
   * @return the record as stored after the call
   */
  ExecutionRecord upsert(ExecutionRecord record);

  /**
   * Stores or updates records, in order, with the rule of {@link #upsert} for each; a store may
   * write them all in one transaction.
   *
   * @return the records as stored after the call, in the same order
   */
  default List<ExecutionRecord> upsertAll(List<ExecutionRecord> records) {
    return records.stream().map(this::upsert).toList();
  }

  /**
   * {@link #upsertAll(List)} for a caller that has just read what is stored for these records
   * ({@link #findAll}), so that a store needing it need not read it again.
   */
  default List<ExecutionRecord> upsertAll(
      List<ExecutionRecord> records, Map<String, ExecutionRecord> before) {
    return upsertAll(records);
  }

  /** A record by execution id. */
  Optional<ExecutionRecord> find(String executionId);

  /** The stored records of these execution ids (absent ids are left out); a store reads once. */
  default Map<String, ExecutionRecord> findAll(Collection<String> executionIds) {
    Map<String, ExecutionRecord> found = new HashMap<>();
    for (String id : executionIds) {
      find(id).ifPresent(r -> found.put(id, r));
    }
    return found;
  }

  /** Up to {@code limit} executions that have not ended (pending or running), oldest first. */
  List<ExecutionRecord> unfinished(int limit);

  /** A task's executions, newest first. */
  Page<ExecutionRecord> listByTask(String taskId, PageRequest page);

  /**
   * Deletes up to {@code limit} records of executions whose end was stored before {@code cutoff},
   * oldest first, with their log lines; a pending or running record is never deleted.
   *
   * @return how many records were deleted
   */
  int deleteEndedBefore(Instant cutoff, int limit);

  /**
   * Deletes, with their log lines, up to {@code limit} records of ended executions beyond the
   * {@code keep} most recently created ended ones of their task, leaving those whose end was stored
   * at or after {@code settledBefore} (a late report may still name them); a pending or running
   * record is never deleted.
   *
   * @return how many records were deleted
   */
  int deleteBeyondNewest(int keep, Instant settledBefore, int limit);
}
