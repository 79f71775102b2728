/**
 * The per-execution table of host file descriptors that SPEAR's host calls hand out (chat sessions
 * and responses now; epoll sets and streams later), with the readiness each reports.
 */
package io.spear.runtime.wasm.host.fd;
