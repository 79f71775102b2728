package io.spear.spearlet.ai;

import io.javalin.http.Context;
import io.spear.ai.AiServices;
import io.spear.ai.routing.BackendInfo;
import io.spear.http.ApiService;
import io.spear.http.Route;
import java.util.List;

/** {@code GET /api/v1/backends}: the node's usable LLM backends, without secrets. */
public final class BackendsService implements ApiService {

  private final AiServices ai;

  /** Lists the backends of {@code ai}. */
  public BackendsService(AiServices ai) {
    this.ai = ai;
  }

  @Override
  public List<Route> routes() {
    return List.of(Route.get("/api/v1/backends", this::list));
  }

  private void list(Context ctx) {
    ctx.json(new Backends(ai.backends()));
  }

  /** The answer: the backends, in routing order. */
  record Backends(List<BackendInfo> backends) {}
}
