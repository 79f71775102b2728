package io.spear.sms.trigger;

import io.javalin.http.Context;
import io.spear.http.Answered;
import io.spear.http.ApiService;
import io.spear.http.RequestBodies;
import io.spear.http.Route;
import io.spear.http.auth.AuthGuard;
import io.spear.http.auth.Role;
import io.spear.http.trigger.Forwarded;
import io.spear.http.trigger.HopByHop;
import io.spear.http.trigger.RateLimits;
import io.spear.http.trigger.ResponseAbort;
import io.spear.http.trigger.TriggerRoutes;
import io.spear.http.trigger.TriggerTargets;
import io.spear.http.trigger.TriggerTargets.Target;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.task.HttpTriggerSettings;
import io.spear.model.task.Task;
import io.spear.sms.invoke.ForwardingClient;
import io.spear.sms.invoke.NodeForwarder;
import io.spear.sms.invoke.NodeRequest;
import io.spear.sms.invoke.NodeResponse;
import io.spear.sms.node.Node;
import io.spear.sms.node.NodeUrls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code ANY /h/{endpoint}/...} on SMS: the request goes, as it came, to a node chosen as for an
 * invocation, and the node's answer (the guest's CGI response) streams back as it arrives. Needs a
 * user's token unless the endpoint's task is public ({@value HttpTriggerSettings#PUBLIC}).
 */
public final class HttpTriggerService implements ApiService {

  // Headers that belong to SMS's own hop to the node, not the caller's.
  private static final Set<String> CLIENT_SET = Set.of("expect", "date", "via", "warning");

  // Headers of the node's answer that SMS writes for its own hop.
  private static final Set<String> RELAY_SKIPPED = Set.of("date", "server", ":status");

  private final TriggerTargets targets;
  private final NodeForwarder forwarder;
  private final RateLimits rates = new RateLimits(System::nanoTime);

  /**
   * A trigger over the tasks {@code byEndpoint} finds by their endpoint (lower case), forwarding
   * with {@code forwarder}.
   */
  public HttpTriggerService(Function<String, Optional<Task>> byEndpoint, NodeForwarder forwarder) {
    this.targets = new TriggerTargets(byEndpoint);
    this.forwarder = forwarder;
  }

  @Override
  public List<Route> routes() {
    return TriggerRoutes.of(this::forward, targets::isPublic, Role.USER);
  }

  private void forward(Context ctx) {
    String endpoint = ctx.pathParam("endpoint").toLowerCase(Locale.ROOT);
    Target target = targets.require(ctx);
    rates.admit(endpoint, target.settings());
    byte[] body = RequestBodies.bytes(ctx);
    String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
    String path = TriggerRoutes.PREFIX + endpoint + TriggerRoutes.rawPathInfo(ctx) + query;
    requireForwardable(path);
    OptionalLong timeoutMs = target.settings().timeoutMs();
    NodeForwarder.Answer<InputStream> answer =
        forwarder.forward(
            target.task(),
            timeoutMs.isPresent()
                ? Optional.of(Duration.ofMillis(timeoutMs.getAsLong()))
                : Optional.empty(),
            (node, guestTimeout) -> request(ctx, node, path, body, guestTimeout, target.settings()),
            ForwardingClient.Body.STREAM);
    relay(ctx, answer.node(), answer.response());
  }

  /** A path Jetty let in (its legacy URI rules) that no URI can carry on is the client's error. */
  private static void requireForwardable(String path) {
    try {
      URI.create("http://node" + path);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("the request path cannot be forwarded: " + e.getMessage());
    }
  }

  /** The client's request for {@code node}: its method, headers and body, and who it came from. */
  private static NodeRequest request(
      Context ctx,
      Node node,
      String path,
      byte[] body,
      Duration guestTimeout,
      HttpTriggerSettings settings) {
    List<NodeRequest.Header> request = new ArrayList<>();
    for (String name : Collections.list(ctx.req().getHeaderNames())) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (HopByHop.is(lower)
          || Forwarded.isSpearHeader(lower)
          || CLIENT_SET.contains(lower)
          || lower.equals("authorization")) {
        continue;
      }
      for (String value : Collections.list(ctx.req().getHeaders(name))) {
        request.add(new NodeRequest.Header(name, value));
      }
    }
    request.add(new NodeRequest.Header(Forwarded.REMOTE_ADDR, ctx.req().getRemoteAddr()));
    request.add(new NodeRequest.Header(Forwarded.PROTOCOL, ctx.req().getProtocol()));
    String host = ctx.header("Host");
    if (host != null && !host.isBlank()) {
      request.add(new NodeRequest.Header(Forwarded.HOST, host));
    }
    String authorization = ctx.header("Authorization");
    // A token that admitted the caller is Spear's, not a credential for the guest.
    if (settings.passCredentials() && authorization != null && AuthGuard.caller(ctx).isEmpty()) {
      request.add(new NodeRequest.Header(Forwarded.AUTHORIZATION, authorization));
    }
    return NodeRequest.to(
        node,
        ctx.method().name(),
        NodeUrls.of(node, path),
        request,
        body,
        guestTimeout.plus(NodeForwarder.FORWARD_MARGIN));
  }

  /** The node's answer, streamed: a body cut off on the way is cut off for the client too. */
  private static void relay(Context ctx, Node node, NodeResponse<InputStream> response) {
    Answered.mark(ctx);
    ctx.status(response.statusCode());
    Set<String> seen = new HashSet<>();
    for (NodeRequest.Header h : response.headers()) {
      String lower = h.name().toLowerCase(Locale.ROOT);
      if (HopByHop.is(lower) || RELAY_SKIPPED.contains(lower)) {
        continue;
      }
      // The node's first value replaces one SMS set itself (its security headers).
      if (seen.add(lower)) {
        ctx.res().setHeader(h.name(), h.value());
      } else {
        ctx.res().addHeader(h.name(), h.value());
      }
    }
    ctx.header("X-Spear-Node", node.uuid());
    try (InputStream in = response.body()) {
      OutputStream out = ctx.res().getOutputStream();
      in.transferTo(out);
      out.flush();
    } catch (IOException e) {
      ResponseAbort.abort(ctx, "the node's answer broke off: " + e);
    }
  }
}
