package io.spear.http;

import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** Jetty's request thread pool (Javalin's sizes) with threads of a chosen stack size. */
final class StackSizedThreadPool extends QueuedThreadPool {

  private final long stackBytes;

  StackSizedThreadPool(long stackBytes) {
    super(250, 8, 60_000);
    this.stackBytes = stackBytes;
    setName("http");
  }

  @Override
  public Thread newThread(Runnable runnable) {
    Thread thread = new Thread(null, runnable, getName() + "-worker", stackBytes);
    thread.setName(getName() + "-" + thread.threadId());
    thread.setDaemon(isDaemon());
    thread.setPriority(getThreadsPriority());
    thread.setContextClassLoader(getClass().getClassLoader());
    return thread;
  }
}
