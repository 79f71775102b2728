/**
 * SPEAR's epoll host calls ({@code spear_epoll_*}) and the generic {@code spear_fd_ctl}, over the
 * execution's descriptor table: level-triggered readiness of any descriptor kind, waited for
 * without spinning.
 */
package io.spear.host.epoll;
