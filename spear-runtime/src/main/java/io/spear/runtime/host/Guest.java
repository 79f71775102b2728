package io.spear.runtime.host;

/** The guest instance making a host call, as far as host calls may touch it. */
public interface Guest {

  /** Its exported memory; every access is bounds-checked (EFAULT). */
  GuestMemory memory();

  /**
   * Calls back into the guest, on this thread, while the host call is still on its stack: the
   * function at {@code index} of its exported function table, which must take {@code args.length}
   * i32s and return one i32. The guest may make host calls meanwhile.
   *
   * @return the function's result
   * @throws HostCallError EIO when the table has no such function, its type differs, or it traps (a
   *     stopped execution ends the guest instead)
   */
  int callTableFunction(int index, int... args);
}
