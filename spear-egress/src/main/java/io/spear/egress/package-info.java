/**
 * The node operator's egress policy: which hosts and ports a guest's outbound calls may reach. A
 * policy resolves a URL's host once and hands back the checked address to connect to, so no DNS
 * answer can change between the check and the connection; addresses in special ranges (loopback,
 * private, link-local, ...) pass only when the operator lists them as IP literals. Engine- and
 * transport-independent: the Spearlet, SMS and outbound host calls all use it.
 */
package io.spear.egress;
