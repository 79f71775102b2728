package io.spear.runtime.host.fd;

/**
 * A descriptor state that names its kind and reports metrics for {@code spear_fd_ctl}; states that
 * do not implement it are named after their {@link FdKind} and report {@code {}}.
 */
public interface DescribedState {

  /** SPEAR's kind name ({@code UserStream}, {@code UserStreamCtl}, ...). */
  String kindName();

  /** A JSON object of metrics. */
  default String metricsJson() {
    return "{}";
  }
}
