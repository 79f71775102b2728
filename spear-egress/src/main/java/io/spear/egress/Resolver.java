package io.spear.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Looks a host name up; injected so that tests can make a name resolve wherever they like. */
@FunctionalInterface
public interface Resolver {

  /** The system's resolver. */
  Resolver SYSTEM = name -> List.of(InetAddress.getAllByName(name));

  /** Every address of {@code name}. */
  List<InetAddress> resolve(String name) throws UnknownHostException;
}
