package io.spear.runtime.host.fd;

/**
 * What a descriptor refers to, defined by the family that creates it ({@code ChatSession}, {@code
 * Epoll}, ...); a call on a descriptor of another kind fails with EBADF.
 *
 * @param name SPEAR's kind name, as {@code spear_fd_ctl} reports it
 */
public record FdKind(String name) {}
