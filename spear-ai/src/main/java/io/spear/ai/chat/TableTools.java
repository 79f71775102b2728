package io.spear.ai.chat;

import io.spear.runtime.host.Errno;
import io.spear.runtime.host.Guest;
import io.spear.runtime.host.GuestMemory;
import io.spear.runtime.host.HostCallError;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Calls guest tools through the guest's exported function table with SPEAR's arena layout: the
 * arguments (NUL-terminated) at the arena start, the output buffer at the next 8-byte boundary, its
 * capacity as a u32 after it; the function has type {@code (args_ptr, args_len, out_ptr,
 * out_len_ptr) -> i32} and returns 0, or -28 once to ask for a larger buffer.
 */
final class TableTools implements GuestTools {

  private final Guest guest;

  TableTools(Guest guest) {
    this.guest = guest;
  }

  @Override
  public String call(
      int fnOffset, String argsJson, long arenaPtr, long arenaLen, long maxOutputBytes)
      throws ToolFailure {
    if (arenaPtr <= 0 || arenaLen <= 0 || arenaPtr > Integer.MAX_VALUE || fnOffset < 0) {
      throw new ToolFailure(-Errno.EFAULT);
    }
    arenaLen = Math.min(arenaLen, Integer.MAX_VALUE);
    byte[] args = argsJson.getBytes(StandardCharsets.UTF_8);
    long base = arenaPtr;
    long outPtr = base + align8(args.length + 1L);
    long outCap = Math.min(Math.max(arenaLen - (outPtr - base) - 8, 0), maxOutputBytes);
    long outLenPtr = outPtr + align8(outCap);
    if (outCap == 0 || outLenPtr + 4 > base + arenaLen) {
      throw new ToolFailure(-Errno.ENOSPC);
    }
    try {
      GuestMemory memory = guest.memory();
      memory.write((int) base, args);
      memory.write((int) base + args.length, new byte[] {0});
      for (int attempt = 0; attempt < 2; attempt++) {
        memory.writeU32((int) outLenPtr, outCap);
        // Re-entrant: the guest runs on this thread while cchat_send is still on its stack, and may
        // itself make host calls such as spear.log.
        int rc =
            guest.callTableFunction(
                fnOffset, (int) base, args.length, (int) outPtr, (int) outLenPtr);
        if (rc == 0) {
          long wrote = memory.readU32((int) outLenPtr);
          if (wrote > outCap) {
            throw new ToolFailure(-Errno.EIO);
          }
          return utf8(memory.read((int) outPtr, (int) wrote));
        }
        if (rc != -Errno.ENOSPC) {
          throw new ToolFailure(rc);
        }
        long need = memory.readU32((int) outLenPtr);
        if (need > maxOutputBytes || need > base + arenaLen - outPtr - 8) {
          throw new ToolFailure(-Errno.ENOSPC);
        }
        outCap = need;
      }
      throw new ToolFailure(-Errno.EIO);
    } catch (HostCallError e) {
      throw new ToolFailure(-e.errno());
    }
  }

  private static long align8(long v) {
    return (v + 7) & ~7L;
  }

  private static String utf8(byte[] bytes) throws ToolFailure {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ToolFailure(-Errno.EIO);
    }
  }
}
