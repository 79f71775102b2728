package io.spear.streams;

import java.io.IOException;

/** The client side of one connection, as the data plane provides it (a WebSocket). */
public interface FrameSink {

  /** Close code of a normal end (the execution ended). */
  int NORMAL = 1000;

  /** Close code of a protocol violation (an invalid SSF frame). */
  int POLICY = 1008;

  /** Close code of a frame too large or a queue overflow. */
  int TOO_BIG = 1009;

  /** Close code of a server-side failure or limit. */
  int TRY_AGAIN = 1013;

  /** Sends one frame; blocks while the client is slow, which is the guest's backpressure. */
  void send(byte[] frame) throws IOException;

  /** Closes the connection with a WebSocket close code. */
  void close(int code, String reason);
}
