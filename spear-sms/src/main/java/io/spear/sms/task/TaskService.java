package io.spear.sms.task;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.javalin.http.Context;
import io.spear.http.ApiService;
import io.spear.http.QueryParams;
import io.spear.http.Route;
import io.spear.model.api.Done;
import io.spear.model.api.TaskList;
import io.spear.model.api.TaskRegistered;
import io.spear.model.api.TaskSpec;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.NotFoundException;
import io.spear.model.error.PayloadTooLargeException;
import io.spear.model.task.Task;
import io.spear.model.task.TaskPriority;
import io.spear.model.task.TaskStatus;
import io.spear.sms.execution.ExecutionStore;
import io.spear.sms.file.FileStore;
import io.spear.sms.id.Ids;
import io.spear.sms.node.NodeStore;
import io.spear.sms.page.Page;
import io.spear.sms.page.PageRequest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The tasks API: register, list (by name too), get, update, delete. */
public final class TaskService implements ApiService {

  private final TaskStore store;
  private final TaskResults results;
  private final Optional<ModuleFileCheck> moduleFiles;
  private final Optional<TaskEgressCheck> egress;

  /** A service over {@code store}, with result fields from the task's {@code executions}. */
  public TaskService(TaskStore store, ExecutionStore executions) {
    this.store = store;
    this.results = new TaskResults(executions);
    this.moduleFiles = Optional.empty();
    this.egress = Optional.empty();
  }

  /**
   * A service over {@code store} that refuses WASM tasks naming a file of this SMS that {@code
   * files} does not hold.
   */
  public TaskService(TaskStore store, ExecutionStore executions, FileStore files) {
    this.store = store;
    this.results = new TaskResults(executions);
    this.moduleFiles = Optional.of(new ModuleFileCheck(files));
    this.egress = Optional.empty();
  }

  /**
   * As {@link #TaskService(TaskStore, ExecutionStore, FileStore)}, also refusing a task whose
   * {@code http.allowed_hosts} widens the egress policy of every node of {@code nodes} it may run
   * on.
   */
  public TaskService(TaskStore store, ExecutionStore executions, FileStore files, NodeStore nodes) {
    this.store = store;
    this.results = new TaskResults(executions);
    this.moduleFiles = Optional.of(new ModuleFileCheck(files));
    this.egress = Optional.of(new TaskEgressCheck(nodes));
  }

  @Override
  public List<Route> routes() {
    return List.of(
        Route.post("/api/v1/tasks", this::register),
        Route.get("/api/v1/tasks", this::list),
        Route.get("/api/v1/tasks/{id}", this::get),
        Route.put("/api/v1/tasks/{id}", this::update),
        Route.delete("/api/v1/tasks/{id}", this::delete));
  }

  private void register(Context ctx) {
    // A task is a small document; megabytes of one are a mistake or an attack on the store.
    if (ctx.bodyAsBytes().length > MAX_DOCUMENT_BYTES) {
      throw new PayloadTooLargeException(
          "a task document may be at most " + MAX_DOCUMENT_BYTES + " bytes");
    }
    TaskSpec registration = TaskRegistrationParser.parse(ctx.body());
    moduleFiles.ifPresent(check -> check.require(registration));
    egress.ifPresent(check -> check.require(registration));
    Task task = store.register(registration);
    ctx.status(201).json(new TaskRegistered(true, task.taskId(), "Task registered successfully"));
  }

  /** The largest task document accepted at registration. */
  static final int MAX_DOCUMENT_BYTES = 1024 * 1024;

  private void list(Context ctx) {
    String endpoint = ctx.queryParam("endpoint");
    if (endpoint != null && !endpoint.isBlank()) {
      // An endpoint names at most one task (nodes ask this for the HTTP trigger).
      List<Task> owner =
          store.findByEndpoint(endpoint.trim().toLowerCase(Locale.ROOT)).stream().toList();
      ctx.json(new TaskList(true, owner, owner.size()));
      return;
    }
    TaskQuery query =
        new TaskQuery(
            Optional.ofNullable(ctx.queryParam("name")).filter(s -> !s.isBlank()),
            QueryParams.enumParam(
                ctx, "status", TaskStatus::fromWire, "registered, active, inactive"),
            QueryParams.enumParam(
                ctx, "priority", TaskPriority::fromWire, "low, normal, high, urgent"),
            Optional.ofNullable(ctx.queryParam("node_uuid")).filter(s -> !s.isBlank()),
            PageRequest.from(ctx));
    Page<Task> page = store.list(query);
    ctx.json(new TaskList(true, page.items(), page.totalCount()));
  }

  private void get(Context ctx) {
    String id = ctx.pathParam("id");
    Task task = Ids.canonical(id).flatMap(store::find).orElseThrow(() -> notFound(id));
    ctx.json(new TaskWithResults(task, results.of(task.taskId())));
  }

  // The whole registration is replaced, as POST would create it; the id, status and registration
  // time stay, and updated_at (the version nodes compare) grows.
  private void update(Context ctx) {
    String id = ctx.pathParam("id");
    TaskSpec registration = TaskRegistrationParser.parse(ctx.body());
    // An unknown task is a 404 whatever its new document says.
    if (Ids.canonical(id).flatMap(store::find).isEmpty()) {
      throw notFound(id);
    }
    moduleFiles.ifPresent(check -> check.require(registration));
    egress.ifPresent(check -> check.require(registration));
    Task task =
        Ids.canonical(id)
            .flatMap(canonical -> store.update(canonical, registration))
            .orElseThrow(() -> notFound(id));
    ctx.json(new TaskUpdated(true, task, "Task updated"));
  }

  /**
   * The answer of {@code PUT /api/v1/tasks/{id}}.
   *
   * @param success always true
   * @param task the task as it is now
   * @param message a human confirmation
   */
  record TaskUpdated(boolean success, Task task, String message) {}

  /**
   * The answer of {@code GET /api/v1/tasks/{id}}: the task's fields, then the result fields its
   * executions keep up to date (SPEAR's {@code result_uris}, {@code last_result_uri}, ...).
   */
  record TaskWithResults(@JsonUnwrapped Task task, @JsonAnyGetter Map<String, Object> results) {}

  private void delete(Context ctx) {
    String id = ctx.pathParam("id");
    boolean deleted = Ids.canonical(id).map(store::delete).orElse(false);
    if (!deleted) {
      throw notFound(id);
    }
    ctx.json(new Done(true, "Task unregistered: " + id));
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException(ErrorCode.TASK_NOT_FOUND, "task not found: " + id);
  }
}
