package io.spear.sms.history;

import io.javalin.http.Context;
import io.spear.http.ApiService;
import io.spear.http.QueryParams;
import io.spear.http.Route;
import io.spear.model.api.ExecutionList;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import io.spear.sms.id.Ids;
import io.spear.sms.page.Page;
import io.spear.sms.page.PageRequest;
import java.util.List;
import java.util.Optional;

/** {@code GET /api/v1/executions}: execution records across tasks, filtered and paged. */
public final class ExecutionListService implements ApiService {

  private final ExecutionFinder finder;

  /** A service reading from {@code finder}. */
  public ExecutionListService(ExecutionFinder finder) {
    this.finder = finder;
  }

  @Override
  public List<Route> routes() {
    return List.of(Route.get("/api/v1/executions", this::list));
  }

  private void list(Context ctx) {
    ExecutionQuery query =
        new ExecutionQuery(
            id(ctx, "task_id"),
            QueryParams.enumParam(
                ctx,
                "status",
                ExecutionState::fromWire,
                "pending, running, completed, failed, timeout, cancelled"),
            id(ctx, "node_uuid"),
            id(ctx, "schedule_id"),
            PageRequest.from(ctx));
    Page<ExecutionRecord> page = finder.find(query);
    ctx.json(new ExecutionList(true, page.items(), page.totalCount()));
  }

  /** An id filter; a value that is no id matches nothing rather than failing. */
  private static Optional<String> id(Context ctx, String name) {
    return Optional.ofNullable(ctx.queryParam(name))
        .filter(s -> !s.isBlank())
        .map(s -> Ids.canonical(s).orElse(s.trim()));
  }
}
