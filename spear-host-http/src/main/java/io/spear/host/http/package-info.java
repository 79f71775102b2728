/**
 * {@code spear.http_call}: a guest's outbound HTTP request, as SPEAR's JSON-in, JSON-out host calls
 * do it. The node-wide {@link io.spear.host.http.HttpCaller} checks every hop against the egress
 * policy, connects to the address the policy checked (never resolving the name again), substitutes
 * {@code ${secret:NAME}} in header values after the check, and enforces body, call and concurrency
 * limits and the execution's deadline; {@link io.spear.host.http.HttpCallSession} is one
 * execution's view of it, with the {@code -ENOSPC} retry memory. Engine-independent: the host-call
 * family binds it to guest memory.
 */
package io.spear.host.http;
