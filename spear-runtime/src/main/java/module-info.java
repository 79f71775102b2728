/** The runtime interface, no engine: what a node asks of a runtime and what families implement. */
module io.spear.runtime {
  requires transitive io.spear.model;
  requires transitive io.spear.support;

  exports io.spear.runtime;
  exports io.spear.runtime.config;
  exports io.spear.runtime.host;
  exports io.spear.runtime.host.fd;
}
