package io.spear.egress;

import java.net.InetAddress;
import java.net.URI;

/**
 * A destination an egress policy let through: connect to {@link #address} (never resolve {@link
 * #host} again) and present {@link #host} in the {@code Host} header and TLS server name.
 *
 * @param url the URL as checked
 * @param scheme {@code http} or {@code https}
 * @param host the canonical host name, or the address literal
 * @param address the checked address to connect to
 * @param port the port to connect to
 */
public record EgressTarget(URI url, String scheme, String host, InetAddress address, int port) {}
