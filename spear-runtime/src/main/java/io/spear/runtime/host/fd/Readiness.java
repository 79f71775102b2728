package io.spear.runtime.host.fd;

/**
 * Readiness bits of a descriptor, with SPEAR's (and Linux epoll's) values, so that a guest's mask
 * and the host's agree bit for bit.
 */
public final class Readiness {

  /** Data can be read. */
  public static final int IN = 0x001;

  /** Data can be written. */
  public static final int OUT = 0x004;

  /** The descriptor failed. */
  public static final int ERR = 0x008;

  /** The other side closed. */
  public static final int HUP = 0x010;

  /** Every bit a descriptor can report. */
  public static final int ALL = IN | OUT | ERR | HUP;

  private Readiness() {}
}
