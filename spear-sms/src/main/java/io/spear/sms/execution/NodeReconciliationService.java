package io.spear.sms.execution;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.spear.http.ApiService;
import io.spear.http.Route;
import io.spear.http.auth.Role;
import io.spear.model.api.NodeReconciled;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.NotFoundException;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import io.spear.model.json.JsonFields;
import io.spear.sms.id.Ids;
import io.spear.sms.node.NodeOwnership;
import io.spear.sms.node.NodeStore;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/nodes/{uuid}/reconcile}: a node that (re)registered says which executions it
 * still knows, and SMS ends at once, with NODE_LOST, every other pending or running execution
 * recorded for that node (a restarted node knows none: its guests died with it), instead of waiting
 * for the execution expiry.
 */
public final class NodeReconciliationService implements ApiService {

  private static final Logger LOG = LoggerFactory.getLogger(NodeReconciliationService.class);

  /**
   * Unfinished executions looked at per call (all nodes', oldest first). SMS holds few unfinished
   * executions at a time; any beyond this are left to the execution expiry.
   */
  static final int SCAN = 10_000;

  /** The most execution ids a node may report in one call. */
  static final int MAX_REPORTED = 100_000;

  private final ExecutionStore executions;
  private final NodeStore nodes;
  private final InstantSource clock;

  /** A service ending executions in {@code executions} of nodes in {@code nodes}. */
  public NodeReconciliationService(
      ExecutionStore executions, NodeStore nodes, InstantSource clock) {
    this.executions = executions;
    this.nodes = nodes;
    this.clock = clock;
  }

  @Override
  public List<Route> routes() {
    return List.of(Route.post("/api/v1/nodes/{uuid}/reconcile", this::reconcile).allow(Role.NODE));
  }

  private void reconcile(Context ctx) {
    String raw = ctx.pathParam("uuid");
    String uuid =
        Ids.canonical(raw)
            .filter(id -> nodes.find(id).isPresent())
            .orElseThrow(
                () -> new NotFoundException(ErrorCode.NODE_NOT_FOUND, "node not found: " + raw));
    NodeOwnership.requireOwner(ctx, nodes, uuid);
    JsonNode body = JsonFields.object(ctx.body(), true);
    List<String> reported = JsonFields.strings(body, "executions", "executions");
    if (reported.size() > MAX_REPORTED) {
      throw new InvalidRequestException(
          "executions may list at most " + MAX_REPORTED + " ids but listed " + reported.size());
    }
    List<String> ended = reconcile(uuid, new HashSet<>(reported));
    ctx.json(
        new NodeReconciled(
            true,
            ended,
            ended.isEmpty()
                ? "nothing to end"
                : "ended " + ended.size() + " execution(s) this node no longer knows"));
  }

  /** Ends the unfinished executions of {@code uuid} not in {@code known}; answers their ids. */
  List<String> reconcile(String uuid, Set<String> known) {
    long now = clock.millis();
    List<ExecutionRecord> lost =
        executions.unfinished(SCAN).stream()
            .filter(r -> r.nodeUuid().equals(uuid) && !known.contains(r.executionId()))
            .map(
                r ->
                    r.ended(
                        ExecutionRecord.Ending.beforeRunning(
                            ExecutionState.FAILED,
                            ErrorCode.NODE_LOST,
                            "node "
                                + uuid
                                + " restarted and no longer knows this execution; it did not"
                                + " finish"),
                        now))
            .toList();
    if (lost.isEmpty()) {
      return List.of();
    }
    executions.upsertAll(lost);
    LOG.info("node {} reconciled: ended {} execution(s) it no longer knows", uuid, lost.size());
    return lost.stream().map(ExecutionRecord::executionId).toList();
  }
}
