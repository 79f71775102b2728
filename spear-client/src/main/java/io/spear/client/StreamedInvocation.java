package io.spear.client;

import io.spear.model.execution.ExecutionState;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A completed raw invocation ({@code POST /api/v1/tasks/{id}/invoke}) whose stdout is read as it
 * arrives; close it when done.
 *
 * @param executionId the execution's id
 * @param status the execution's final state
 * @param exitCode the guest's exit code, when it exited
 * @param output the guest's stdout
 */
public record StreamedInvocation(
    String executionId, ExecutionState status, Optional<Integer> exitCode, InputStream output)
    implements AutoCloseable {

  @Override
  public void close() throws IOException {
    output.close();
  }
}
