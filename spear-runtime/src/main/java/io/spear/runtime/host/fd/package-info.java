/**
 * The per-execution table of host file descriptors that host calls hand out (chat sessions, epoll
 * sets, streams, speech sessions, microphones: one number space for every family), with the
 * readiness each reports.
 */
package io.spear.runtime.host.fd;
