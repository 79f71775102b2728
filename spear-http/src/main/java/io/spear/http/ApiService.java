package io.spear.http;

import java.util.List;

/** A resource's routes; services only declare routes, the {@link HttpServer} serves them. */
public interface ApiService {

  /** The routes this service answers. */
  List<Route> routes();

  /** The WebSocket routes this service answers; none unless it says so. */
  default List<WebSocketRoute> webSockets() {
    return List.of();
  }
}
