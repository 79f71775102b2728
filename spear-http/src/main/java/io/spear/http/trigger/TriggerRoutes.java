package io.spear.http.trigger;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.spear.http.Route;
import io.spear.http.auth.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The HTTP trigger's routes: every method on {@code /h/{endpoint}} and below it. */
public final class TriggerRoutes {

  /** Where the trigger's addresses start. */
  public static final String PREFIX = "/h/";

  /** The methods a trigger answers; the guest reads which one in {@code REQUEST_METHOD}. */
  static final List<HandlerType> METHODS =
      List.of(
          HandlerType.GET,
          HandlerType.POST,
          HandlerType.PUT,
          HandlerType.PATCH,
          HandlerType.DELETE,
          HandlerType.HEAD,
          HandlerType.OPTIONS);

  private TriggerRoutes() {}

  /**
   * The routes serving {@code handler}: callers with one of {@code roles} (admins always), or
   * anyone for a request {@code publicWhen} accepts.
   */
  public static List<Route> of(Handler handler, Predicate<Context> publicWhen, Role... roles) {
    List<Route> routes = new ArrayList<>();
    for (String path : List.of("/h/{endpoint}", "/h/{endpoint}/<path>")) {
      for (HandlerType method : METHODS) {
        routes.add(new Route(method, path, handler).allow(roles).publicWhen(publicWhen));
      }
    }
    return routes;
  }

  /**
   * The request's path after {@code /h/{endpoint}} as the client sent it (still percent-encoded),
   * empty or starting with '/'.
   */
  public static String rawPathInfo(Context ctx) {
    String path = ctx.path();
    int start = PREFIX.length();
    int slash = path.indexOf('/', start);
    return slash < 0 ? "" : path.substring(slash);
  }
}
