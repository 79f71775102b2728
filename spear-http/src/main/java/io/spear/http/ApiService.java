package io.spear.http;

import java.util.List;

/** A resource's routes; services only declare routes, the {@link HttpServer} serves them. */
public interface ApiService {

  /** The routes this service answers. */
  List<Route> routes();
}
