/**
 * Egress entries as tasks ({@code http.allowed_hosts}) and nodes ({@code egress.allow}) write them:
 * an entry's syntax ({@link io.spear.model.egress.EgressRule}), the one canonical spelling of a
 * host and the special address ranges an entry must name explicitly. The policy that checks URLs
 * against them is in {@code spear-egress}.
 */
package io.spear.model.egress;
