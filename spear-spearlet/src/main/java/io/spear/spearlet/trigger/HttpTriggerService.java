package io.spear.spearlet.trigger;

import io.javalin.http.Context;
import io.spear.client.SmsClient;
import io.spear.http.ApiService;
import io.spear.http.RequestBodies;
import io.spear.http.Route;
import io.spear.http.auth.AuthGuard;
import io.spear.http.auth.Role;
import io.spear.http.trigger.Forwarded;
import io.spear.http.trigger.RateLimits;
import io.spear.http.trigger.TriggerRoutes;
import io.spear.http.trigger.TriggerTargets;
import io.spear.http.trigger.TriggerTargets.Target;
import io.spear.model.execution.ExecutionIds;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.task.HttpTriggerSettings;
import io.spear.model.task.Task;
import io.spear.spearlet.invoke.InvocationRequest;
import io.spear.spearlet.invoke.Invoker;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * {@code ANY /h/{endpoint}/...} on a node: runs the task owning the endpoint (config {@value
 * HttpTriggerSettings#ENABLED}) with the request as CGI variables and stdin, and answers with the
 * guest's CGI response. Needs a user's token (or SMS's, forwarding) unless the task is public.
 */
public final class HttpTriggerService implements ApiService {

  private final Invoker invoker;
  private final TriggerTargets targets;
  private final RateLimits rates;
  private final boolean tokensConfigured;

  /**
   * A trigger running guests with {@code invoker}, asking {@code sms} which task owns an endpoint
   * (remembered for {@code revalidateInterval} on {@code nanoTime}).
   *
   * @param tokensConfigured whether the node checks tokens; without, anyone may forward as SMS
   */
  public HttpTriggerService(
      Invoker invoker,
      SmsClient sms,
      Duration revalidateInterval,
      LongSupplier nanoTime,
      boolean tokensConfigured) {
    this.invoker = invoker;
    // Endpoints not of SPEAR's form (as SMS checks them at registration) are not asked about.
    this.targets =
        new TriggerTargets(new EndpointDirectory(sms, revalidateInterval, nanoTime)::find);
    this.rates = new RateLimits(System::nanoTime);
    this.tokensConfigured = tokensConfigured;
  }

  @Override
  public List<Route> routes() {
    return TriggerRoutes.of(this::serve, targets::isPublic, Role.USER, Role.SMS);
  }

  private void serve(Context ctx) {
    String endpoint = ctx.pathParam("endpoint").toLowerCase(Locale.ROOT);
    Target target = targets.require(ctx);
    HttpTriggerSettings settings = target.settings();
    boolean forwarded = forwardedBySms(ctx);
    // A request SMS forwards was counted where it arrived.
    if (!forwarded) {
      rates.admit(endpoint, settings);
    }
    invoker.refuseIfFull();
    byte[] body = RequestBodies.bytes(ctx);
    Map<String, String> environment =
        CgiEnvironment.of(ctx, endpoint, forwarded, settings.passCredentials(), body.length);
    String executionId = ExecutionIds.next();
    CgiResponse response = new CgiResponse(ctx, executionId);
    Task task = target.task();
    // The execution is recorded as any invocation is (trigger "http" once records carry one).
    InvocationRequest request =
        InvocationRequest.http(
            task.taskId(),
            executionId,
            Duration.ofMillis(settings.timeoutMs().orElse(0)),
            body,
            environment,
            OptionalLong.of(task.updatedAt()),
            response);
    ExecutionRecord record = invoker.invokeSync(request).snapshot().record();
    response.finish(record);
  }

  /** SMS forwarded the request (its own token, or no tokens at all), naming the client. */
  private boolean forwardedBySms(Context ctx) {
    if (ctx.header(Forwarded.REMOTE_ADDR) == null) {
      return false;
    }
    return !tokensConfigured
        || AuthGuard.caller(ctx).map(caller -> caller.role() == Role.SMS).orElse(false);
  }
}
