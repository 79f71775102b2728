package io.spear.sms.history;

import io.spear.model.execution.ExecutionRecord;
import io.spear.sms.page.Page;
import java.util.Map;

/** Reads execution records across tasks (the console's and operators' view). */
public interface ExecutionFinder {

  /** Records matching the query, newest first, with the filtered total. */
  Page<ExecutionRecord> find(ExecutionQuery query);

  /** How many records each state holds. */
  Map<String, Long> countByStatus();
}
