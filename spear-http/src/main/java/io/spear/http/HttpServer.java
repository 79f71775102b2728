package io.spear.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.spear.http.auth.AuthGuard;
import io.spear.http.auth.FailureLedger;
import io.spear.http.auth.Role;
import io.spear.http.auth.ServerSecurity;
import io.spear.http.tls.TlsConnector;
import io.spear.model.json.Json;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.servlet.FilterHolder;

/**
 * A running HTTP server: the routes of its services plus {@code /health}, {@code /metrics} and its
 * OpenAPI document, with every failure answered as a JSON error.
 */
public final class HttpServer implements AutoCloseable {

  private final Javalin app;
  private final List<Route> routes;
  private final String name;

  private final boolean secure;

  private HttpServer(Javalin app, List<Route> routes, String name, boolean secure) {
    this.app = app;
    this.routes = List.copyOf(routes);
    this.name = name;
    this.secure = secure;
  }

  /** {@code https} when the server speaks TLS, else {@code http}. */
  public String scheme() {
    return secure ? "https" : "http";
  }

  /** A builder for a server named {@code name} (used in logs and {@code /health}). */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The port the server listens on. */
  public int port() {
    return app.port();
  }

  /** Every route served, the built-in ones included. */
  public List<Route> routes() {
    return routes;
  }

  /** The server's name. */
  public String name() {
    return name;
  }

  /** Stops listening; in-flight requests are given Jetty's graceful-stop time. */
  @Override
  public void close() {
    app.stop();
  }

  /**
   * The system property with which the benchmark harness asks servers for {@code POST /noop}, its
   * HTTP baseline (an undocumented route that does nothing).
   */
  public static final String NOOP_ROUTE_PROPERTY = "spear.bench.noop-route";

  /** The {@code /health} fields a caller without a token sees. */
  static final List<String> PUBLIC_HEALTH = List.of("status", "service", "timestamp");

  /** Collects services and settings, then starts the server. */
  public static final class Builder {
    private final String name;
    private String host = "127.0.0.1";
    private int port;
    private final List<ApiService> services = new ArrayList<>();
    private String openApiResource;
    private HttpMetrics metrics = new HttpMetrics();
    private Supplier<Map<String, Object>> healthDetails = Map::of;
    private long maxBufferedBodyBytes = 16 * 1024 * 1024;
    private final Map<String, String> staticSites = new LinkedHashMap<>();
    private InstantSource clock = InstantSource.system();
    private long requestThreadStackBytes;
    private ServerSecurity security = ServerSecurity.none();
    private ClientLimits clientLimits; // null: the defaults with the environment's overrides
    private FailureLedger failures = FailureLedger.inMemory();

    private Builder(String name) {
      this.name = Objects.requireNonNull(name, "name");
    }

    /** The interface to listen on. */
    public Builder host(String value) {
      this.host = Objects.requireNonNull(value, "host");
      return this;
    }

    /** Who may call the server, and whether it may listen beyond loopback without tokens. */
    public Builder security(ServerSecurity value) {
      this.security = Objects.requireNonNull(value, "security");
      return this;
    }

    /**
     * Where failed authentications are counted: shared by the servers that should throttle a
     * failing client together (SMS replicas on one database); this process's own by default.
     */
    public Builder failureLedger(FailureLedger value) {
      this.failures = Objects.requireNonNull(value, "failures");
      return this;
    }

    /** The port to listen on; 0 picks a free one. */
    public Builder port(int value) {
      if (value < 0 || value > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535 but was " + value);
      }
      this.port = value;
      return this;
    }

    /** Adds a service whose routes the server answers. */
    public Builder service(ApiService service) {
      services.add(Objects.requireNonNull(service, "service"));
      return this;
    }

    /** The classpath resource holding the OpenAPI document (YAML). */
    public Builder openApiResource(String resource) {
      this.openApiResource = Objects.requireNonNull(resource, "resource");
      return this;
    }

    /** The metrics registry to record requests in and expose at {@code /metrics}. */
    public Builder metrics(HttpMetrics value) {
      this.metrics = Objects.requireNonNull(value, "metrics");
      return this;
    }

    /** Extra fields reported by {@code /health}. */
    public Builder healthDetails(Supplier<Map<String, Object>> value) {
      this.healthDetails = Objects.requireNonNull(value, "healthDetails");
      return this;
    }

    /**
     * Serves the classpath folder {@code classpathDirectory} as static files under {@code
     * hostedPath} (its {@code index.html} at {@code hostedPath/}); these are pages and assets, not
     * API operations, so they are not listed in {@link HttpServer#routes()}.
     */
    public Builder staticSite(String hostedPath, String classpathDirectory) {
      if (!hostedPath.startsWith("/") || hostedPath.endsWith("/")) {
        throw new IllegalArgumentException(
            "hostedPath must start and not end with '/' but was " + hostedPath);
      }
      staticSites.put(hostedPath, Objects.requireNonNull(classpathDirectory, "classpathDirectory"));
      return this;
    }

    /** The clock {@code /health} reads its timestamp from. */
    public Builder clock(InstantSource value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * The largest body a handler may read whole (JSON, invocation input); larger ones answer 413.
     * Streamed bodies (file uploads) are capped by their handler instead.
     */
    public Builder maxBufferedBodyBytes(long value) {
      if (value < 1) {
        throw new IllegalArgumentException(
            "maxBufferedBodyBytes must be positive but was " + value);
      }
      this.maxBufferedBodyBytes = value;
      return this;
    }

    /**
     * The JVM stack of the threads that run request handlers; a Spearlet runs guests on them, so
     * they need the guest stack. Zero (the default) keeps the JVM's default stack size.
     */
    public Builder requestThreadStackBytes(long value) {
      if (value < 0) {
        throw new IllegalArgumentException(
            "requestThreadStackBytes must not be negative but was " + value);
      }
      this.requestThreadStackBytes = value;
      return this;
    }

    /**
     * Header timeout, body rate and per-client connection cap; by default {@link
     * ClientLimits#fromEnvironment} of this process's environment.
     */
    public Builder clientLimits(ClientLimits value) {
      this.clientLimits = Objects.requireNonNull(value, "clientLimits");
      return this;
    }

    /** Starts the server and returns once it listens. */
    public HttpServer start() {
      if (openApiResource == null) {
        throw new IllegalStateException("an OpenAPI document is required for server " + name);
      }
      ListenPolicy.check(name, host, security);
      String openApiYaml = readResource(openApiResource);
      String openApiJson = yamlToJson(openApiYaml);
      ClientLimits limits =
          clientLimits != null ? clientLimits : ClientLimits.fromEnvironment(System.getenv());
      Map<String, String> sites = new LinkedHashMap<>();
      Optional<String> swaggerAssets = SwaggerUi.assetDirectory();
      swaggerAssets.ifPresent(dir -> sites.put(SwaggerUi.HOSTED_PATH, dir));
      sites.putAll(staticSites);
      Javalin app = Javalin.create(config -> configure(config, sites, limits));
      ErrorResponses.install(app);
      SecurityHeaders.install(app);
      AuthGuard guard = new AuthGuard(security, metrics.registry(), failures, clock);
      List<Route> all = builtInRoutes(guard, openApiYaml, openApiJson, swaggerAssets.isPresent());
      services.forEach(s -> all.addAll(s.routes()));
      all.addAll(webSockets(app, guard));
      for (Route route : all) {
        app.addHttpHandler(route.method(), route.path(), guard.protect(route));
      }
      serveSiteIndexes(app);
      app.start(host, port);
      return new HttpServer(app, all, name, security.tls().isPresent());
    }

    private void configure(JavalinConfig config, Map<String, String> sites, ClientLimits limits) {
      config.showJavalinBanner = false;
      config.startupWatcherEnabled = false;
      config.http.disableCompression();
      config.http.prefer405over404 = true;
      config.http.maxRequestSize = maxBufferedBodyBytes;
      // Javalin copies every result into the response through a buffer of this size allocated per
      // response (by default Jetty's 32 KiB output buffer size): the answers here are mostly a few
      // hundred bytes, and those 32 KiB were a third of what a small invocation allocated.
      config.http.responseBufferSize = 4096;
      config.jsonMapper(new JavalinJackson(Json.mapper(), false));
      config.requestLogger.http(metrics::recordRequest);
      // Encoded separators such as %2F must reach the router (and get a JSON 404)
      // instead of being refused by Jetty with an HTML page.
      config.jetty.modifyHttpConfiguration(http -> http.setUriCompliance(UriCompliance.LEGACY));
      // A request is served as its request line's method, never a header's.
      config.jetty.modifyServletContextHandler(
          context ->
              context.addFilter(
                  new FilterHolder(new NoMethodOverride()),
                  "/*",
                  EnumSet.of(DispatcherType.REQUEST)));
      sites.forEach(
          (hosted, directory) ->
              config.staticFiles.add(
                  files -> {
                    files.hostedPath = hosted;
                    files.directory = directory;
                    files.location = Location.CLASSPATH;
                    files.headers =
                        staticSites.containsKey(hosted)
                            ? SecurityHeaders.PAGES
                            : SecurityHeaders.ALL;
                  }));
      security
          .tls()
          .ifPresent(
              tls ->
                  config.jetty.addConnector(
                      (server, http) -> TlsConnector.create(server, http, tls, host, port)));
      // Slow and numerous clients cannot hold the server (see ClientLimits).
      config.jetty.modifyHttpConfiguration(
          http -> http.setMinRequestDataRate(limits.minBodyBytesPerSecond()));
      config.jetty.modifyServer(
          server -> server.addBean(new ClientGuard(server, limits, metrics.registry())));
      if (requestThreadStackBytes > 0) {
        config.jetty.threadPool = new StackSizedThreadPool(requestThreadStackBytes);
      }
    }

    /** The routes every server has: health, metrics, the OpenAPI documents, Swagger UI. */
    private List<Route> builtInRoutes(
        AuthGuard guard, String openApiYaml, String openApiJson, boolean swaggerUi) {
      HttpMetrics meters = metrics;
      List<Route> all = new ArrayList<>();
      // Liveness and the API's documents answer without a token; metrics only when configured.
      // Where the data lives and whom the server calls only to a caller with a token.
      all.add(
          Route.get("/health", ctx -> ctx.json(health(guard.authenticated(ctx)))).publicAccess());
      Route metricsRoute =
          Route.get(
              "/metrics",
              ctx ->
                  ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                      .result(meters.scrape()));
      all.add(security.publicMetrics() ? metricsRoute.publicAccess() : metricsRoute);
      all.add(
          Route.get(
                  "/openapi.yaml",
                  ctx -> ctx.contentType("application/yaml; charset=utf-8").result(openApiYaml))
              .publicAccess());
      all.add(
          Route.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApiJson))
              .publicAccess());
      // SPEAR's address of the same document.
      all.add(
          Route.get(
                  "/api/openapi.json",
                  ctx -> ctx.contentType("application/json").result(openApiJson))
              .publicAccess());
      if (swaggerUi) {
        String page = SwaggerUi.page(name);
        all.add(Route.get(SwaggerUi.HOSTED_PATH, ctx -> ctx.html(page)).publicAccess());
      }
      if (Boolean.getBoolean(NOOP_ROUTE_PROPERTY)) {
        // The benchmarks' baseline: the cost of an HTTP request through this server and nothing
        // else. Only the benchmark harness asks for it; production servers never serve it.
        all.add(Route.post("/noop", ctx -> ctx.status(200)));
      }
      return all;
    }

    /** Binds the services' WebSockets; returns the GET routes they are listed as. */
    private List<Route> webSockets(Javalin app, AuthGuard guard) {
      List<Route> listed = new ArrayList<>();
      for (ApiService service : services) {
        for (WebSocketRoute ws : service.webSockets()) {
          // A socket feeds input to a guest (the gateway may start one): not for viewers or nodes.
          Role[] roles = ws.roles().toArray(Role[]::new);
          Route upgrade = Route.get(ws.path(), ws.beforeUpgrade()).allow(roles);
          // A route that checks its own single-use tokens (browsers cannot send headers on a
          // WebSocket) needs no bearer token; any other needs one, as the REST routes do.
          app.wsBeforeUpgrade(
              ws.path(), guard.protect(ws.ownTokens() ? upgrade.publicAccess() : upgrade));
          app.ws(ws.path(), ws.handler());
          // Listed with the REST routes (and in the OpenAPI document) as the GET it starts with.
          Route get = Route.get(ws.path(), Builder::upgradeRequired).allow(roles);
          listed.add(ws.ownTokens() ? get.publicAccess() : get);
        }
      }
      return listed;
    }

    // A site's folder address: with the slash its index page (whose asset paths are relative),
    // without it a redirect to the slash.
    private void serveSiteIndexes(Javalin app) {
      staticSites.forEach(
          (hosted, directory) -> {
            String index = readResource(directory + "/index.html");
            app.get(
                hosted,
                ctx -> {
                  SecurityHeaders.PAGES.forEach(ctx::header);
                  if (ctx.path().endsWith("/")) {
                    ctx.header("Cache-Control", "no-cache").html(index);
                  } else {
                    ctx.redirect(hosted + "/");
                  }
                });
          });
    }

    private static void upgradeRequired(io.javalin.http.Context ctx) {
      ctx.status(426)
          .header("Upgrade", "websocket")
          .json(Map.of("error", "UPGRADE_REQUIRED", "message", "this route is a WebSocket"));
    }

    private Map<String, Object> health(boolean detailed) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", "healthy");
      body.put("service", name);
      body.put("timestamp", clock.instant().toString());
      body.putAll(healthDetails.get());
      if (!detailed) {
        // What a load balancer needs, and nothing an anonymous caller could use.
        body.keySet().retainAll(PUBLIC_HEALTH);
      }
      return body;
    }

    private static String readResource(String resource) {
      try (InputStream in = HttpServer.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("resource not found on classpath: " + resource);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static String yamlToJson(String yaml) {
      try {
        JsonNode tree = new YAMLMapper().readTree(yaml);
        return Json.mapper().writeValueAsString(tree);
      } catch (IOException e) {
        throw new IllegalStateException("OpenAPI document is not valid YAML", e);
      }
    }
  }
}
