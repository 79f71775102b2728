/** Plumbing the servers, the client and the runtime share, with no wire meaning. */
module io.spear.support {
  requires transitive java.net.http;
  requires org.slf4j;

  exports io.spear.support.concurrent;
  exports io.spear.support.config;
  exports io.spear.support.net;
}
