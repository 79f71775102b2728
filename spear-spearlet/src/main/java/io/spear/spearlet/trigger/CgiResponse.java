package io.spear.spearlet.trigger;

import io.javalin.http.Context;
import io.spear.http.Answered;
import io.spear.http.trigger.ResponseAbort;
import io.spear.model.error.ErrorBody;
import io.spear.model.error.ErrorCode;
import io.spear.model.error.ModuleCompilingException;
import io.spear.model.error.RuntimeErrorException;
import io.spear.model.execution.ExecutionRecord;
import io.spear.model.execution.ExecutionState;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The guest's stdout turned into the HTTP response as it is written: the header block is held (at
 * most {@link #MAX_HEADER_BYTES}) until its blank line, then status and headers are sent and the
 * body passes straight through, chunked, so a response of any size costs the node one buffer.
 * Output whose first line is no header is plain text (200, {@code text/plain}). Runs on the guest's
 * thread; never throws into the guest.
 */
final class CgiResponse extends OutputStream {

  /** The largest header block accepted. */
  static final int MAX_HEADER_BYTES = 64 * 1024;

  private enum Phase {
    /** Nothing decided: waiting for the end of the first line. */
    FIRST_LINE,
    /** In a header block: waiting for its blank line. */
    HEADERS,
    /** Status and headers sent; bytes go to the client. */
    BODY,
    /** The header block is invalid; the rest is dropped and the client gets a 502. */
    INVALID,
    /** The client went away; the rest is dropped. */
    GONE
  }

  private final Context ctx;
  private final String executionId;
  // The undecided start of the output: the header block so far.
  private byte[] held = new byte[1024];
  private int heldSize;
  private Phase phase = Phase.FIRST_LINE;
  private String problem = "";
  private OutputStream body = OutputStream.nullOutputStream();

  CgiResponse(Context ctx, String executionId) {
    this.ctx = ctx;
    this.executionId = executionId;
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    switch (phase) {
      case BODY -> send(b, off, len);
      case FIRST_LINE, HEADERS -> {
        int before = heldSize;
        hold(b, off, len);
        // Only a line end (or too much) can decide anything: byte-wise writers cost no rescans.
        if (indexOf(b, off, off + len) >= 0 || heldSize > MAX_HEADER_BYTES) {
          scan(before);
        }
      }
      case INVALID, GONE -> {
        // dropped
      }
    }
  }

  @Override
  public void flush() {
    if (phase == Phase.BODY) {
      try {
        body.flush();
      } catch (IOException e) {
        phase = Phase.GONE;
      }
    }
  }

  private void hold(byte[] b, int off, int len) {
    if (heldSize + len > held.length) {
      held = Arrays.copyOf(held, Math.max(held.length * 2, heldSize + len));
    }
    System.arraycopy(b, off, held, heldSize, len);
    heldSize += len;
  }

  private void scan(int before) {
    // In a header block only its blank line (or too much) decides: the new bytes are searched, and
    // the block is copied once, so a guest writing it byte by byte costs no rescans.
    if (phase == Phase.HEADERS
        && heldSize <= MAX_HEADER_BYTES
        && !blankLine(held, Math.max(0, before - 2), heldSize)) {
      return;
    }
    byte[] bytes = Arrays.copyOf(held, heldSize);
    if (phase == Phase.FIRST_LINE) {
      int end = indexOf(bytes, 0, bytes.length);
      if (end < 0) {
        if (bytes.length > MAX_HEADER_BYTES) {
          decideWithoutLineEnd(bytes);
        }
        return;
      }
      String first = line(bytes, 0, end);
      if (first.isEmpty()) {
        commitPlain(bytes, end + 1); // an empty header block: plain text follows
        return;
      }
      if (!CgiHeaders.startsHeaderBlock(first)) {
        commitPlain(bytes, 0);
        return;
      }
      phase = Phase.HEADERS;
      if (!blankLine(bytes, 0, bytes.length) && bytes.length <= MAX_HEADER_BYTES) {
        return;
      }
    }
    headers(bytes);
  }

  /** Whether a line end followed by an empty line comes in {@code [from, to)}. */
  private static boolean blankLine(byte[] bytes, int from, int to) {
    for (int i = indexOf(bytes, from, to); i >= 0; i = indexOf(bytes, i + 1, to)) {
      int next = i + 1;
      if (next < to
          && (bytes[next] == '\n'
              || (bytes[next] == '\r' && next + 1 < to && bytes[next + 1] == '\n'))) {
        return true;
      }
    }
    return false;
  }

  /** In a header block: sends it once its blank line has come. */
  private void headers(byte[] bytes) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int end = indexOf(bytes, 0, bytes.length);
        end >= 0;
        end = indexOf(bytes, start, bytes.length)) {
      String line = line(bytes, start, end);
      start = end + 1;
      if (line.isEmpty()) {
        try {
          commit(CgiHeaders.parse(lines), bytes, start);
        } catch (CgiHeaders.Invalid e) {
          invalid(e.getMessage());
        }
        return;
      }
      lines.add(line);
    }
    if (bytes.length > MAX_HEADER_BYTES) {
      invalid("the header block is longer than " + MAX_HEADER_BYTES + " bytes");
    }
  }

  private void decideWithoutLineEnd(byte[] bytes) {
    String start = new String(bytes, 0, Math.min(bytes.length, 256), StandardCharsets.ISO_8859_1);
    if (CgiHeaders.startsHeaderBlock(start.lines().findFirst().orElse(""))) {
      invalid("the header block is longer than " + MAX_HEADER_BYTES + " bytes");
    } else {
      commitPlain(bytes, 0);
    }
  }

  private void invalid(String why) {
    phase = Phase.INVALID;
    problem = why;
    held = new byte[0];
    heldSize = 0;
  }

  private void commitPlain(byte[] bytes, int from) {
    commit(new CgiHeaders(200, List.of(Map.entry("Content-Type", "text/plain"))), bytes, from);
  }

  private void commit(CgiHeaders headers, byte[] bytes, int from) {
    Answered.mark(ctx);
    ctx.status(headers.status());
    ctx.header("X-Spear-Execution-Id", executionId);
    for (Map.Entry<String, String> h : headers.headers()) {
      ctx.res().addHeader(h.getKey(), h.getValue());
    }
    held = new byte[0];
    heldSize = 0;
    phase = Phase.BODY;
    try {
      body = ctx.res().getOutputStream();
    } catch (IOException e) {
      phase = Phase.GONE;
      return;
    }
    send(bytes, from, bytes.length - from);
  }

  private void send(byte[] b, int off, int len) {
    if (len == 0) {
      return;
    }
    try {
      body.write(b, off, len);
    } catch (IOException e) {
      phase = Phase.GONE;
    }
  }

  /**
   * Ends the response once the guest has ended as {@code record} says: a completed guest's output
   * ends (or, still undecided, is decided now); a response already under way whose guest failed is
   * cut off, and one not begun gets the execution's error.
   *
   * @throws RuntimeErrorException {@code GUEST_RESPONSE_INVALID} (502) for an invalid header block
   */
  void finish(ExecutionRecord record) {
    boolean completed = record.status() == ExecutionState.COMPLETED;
    if (phase == Phase.BODY || phase == Phase.GONE) {
      if (completed) {
        flush();
      } else {
        ResponseAbort.abort(ctx, "the guest ended with status " + record.status().wire());
      }
      return;
    }
    if (!completed) {
      failed(record);
      return;
    }
    byte[] bytes = Arrays.copyOf(held, heldSize);
    if (phase == Phase.FIRST_LINE) {
      if (CgiHeaders.startsHeaderBlock(line(bytes, 0, bytes.length))) {
        invalid("the output ended inside the header block, before its blank line");
      } else {
        commitPlain(bytes, 0);
        return;
      }
    } else if (phase == Phase.HEADERS) {
      invalid("the output ended inside the header block, before its blank line");
    }
    throw new RuntimeErrorException(
        ErrorCode.GUEST_RESPONSE_INVALID, "the guest's CGI response is not valid: " + problem);
  }

  private void failed(ExecutionRecord record) {
    ErrorCode code = record.error() == null ? ErrorCode.EXECUTION_FAILED : record.error();
    if (code == ErrorCode.MODULE_COMPILING) {
      ctx.header("Retry-After", Integer.toString(ModuleCompilingException.RETRY_AFTER_SECONDS));
    }
    ctx.header("X-Spear-Execution-Id", executionId);
    Answered.mark(ctx);
    String message = record.message() == null ? record.status().wire() : record.message();
    ctx.status(code.httpStatus()).json(ErrorBody.of(code, message));
  }

  private static int indexOf(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** The line from {@code start} to {@code end}, without a closing CR. */
  private static String line(byte[] bytes, int start, int end) {
    int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
    return new String(bytes, start, stop - start, StandardCharsets.ISO_8859_1);
  }
}
