package io.spear.sms.history;

import io.spear.model.execution.ExecutionState;
import io.spear.sms.page.PageRequest;
import java.util.Optional;

/**
 * A filter over every execution record, newest first.
 *
 * @param taskId only this task's
 * @param status only those in this state
 * @param nodeUuid only those run by this node
 * @param scheduleId only those a schedule started
 * @param page which slice
 */
public record ExecutionQuery(
    Optional<String> taskId,
    Optional<ExecutionState> status,
    Optional<String> nodeUuid,
    Optional<String> scheduleId,
    PageRequest page) {}
