package io.spear.streams.mic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spear.runtime.host.fd.DescribedState;
import io.spear.runtime.host.fd.FdEntry;
import io.spear.runtime.host.fd.Readiness;
import io.spear.streams.media.MediaMetrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * One microphone descriptor: its configuration, the frames captured and not read yet (oldest
 * dropped beyond the cap), and its readiness: IN while a frame waits, ERR after a failure, HUP once
 * a device file that does not loop has been read to its end.
 */
final class MicState implements DescribedState {

  /** SPEAR's queue cap. */
  static final int DEFAULT_MAX_QUEUE_BYTES = 512 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the guest configured. */
  record Config(int sampleRateHz, int channels, int frameMs, String format) {
    int frameBytes() {
      return (int) ((long) sampleRateHz * frameMs / 1000 * channels * 2);
    }
  }

  /** Where frames come from. */
  interface Source {
    /** The next frame, or null at the end. */
    byte[] next(int frameBytes);
  }

  /** Loops or plays once over PCM bytes; empty bytes give silence. */
  static Source pcm(byte[] pcm, boolean loop) {
    return new Source() {
      private int offset;

      @Override
      public byte[] next(int frameBytes) {
        if (pcm.length == 0) {
          return new byte[frameBytes];
        }
        if (!loop && offset >= pcm.length) {
          return null;
        }
        byte[] out = new byte[loop ? frameBytes : Math.min(frameBytes, pcm.length - offset)];
        int filled = 0;
        while (filled < out.length) {
          int n = Math.min(out.length - filled, pcm.length - offset);
          System.arraycopy(pcm, offset, out, filled, n);
          filled += n;
          offset = (offset + n) % pcm.length;
          if (!loop && offset == 0) {
            offset = pcm.length;
            break;
          }
        }
        return out;
      }
    };
  }

  private final MediaMetrics metrics;
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private FdEntry<MicState> entry;
  private Config config;
  private boolean running;
  private String lastError;
  private int queueBytes;
  private int maxQueueBytes = DEFAULT_MAX_QUEUE_BYTES;
  private long droppedFrames;
  private long generation;
  private boolean ended;
  private Runnable cancel = () -> {};
  private boolean holdsSlot;

  MicState(MediaMetrics metrics) {
    this.metrics = metrics;
  }

  void attach(FdEntry<MicState> value) {
    synchronized (this) {
      entry = value;
    }
  }

  /** Stops capturing and forgets the queue: a new SET_PARAM starts over. */
  synchronized long restart(Config value, int maxQueue) {
    stopLocked();
    queue.clear();
    queueBytes = 0;
    lastError = null;
    ended = false;
    config = value;
    if (maxQueue > 0) {
      maxQueueBytes = maxQueue;
    }
    return ++generation;
  }

  /** Starts delivering from {@code source}; {@code start} schedules the ticks. */
  void start(
      long gen,
      Source source,
      boolean slot,
      java.util.function.Function<Runnable, Runnable> start) {
    Runnable tick = () -> tick(gen, source);
    Runnable stop = start.apply(tick);
    synchronized (this) {
      if (gen != generation) {
        stop.run();
        if (slot) {
          metrics.closeMic();
        }
        return;
      }
      cancel = stop;
      holdsSlot = slot;
      running = true;
    }
    refresh();
  }

  /** Capturing could not start. */
  void fail(String message) {
    synchronized (this) {
      stopLocked();
      lastError = message;
      generation++;
    }
    refresh();
  }

  private void tick(long gen, Source source) {
    synchronized (this) {
      if (gen != generation || !running || config == null) {
        return;
      }
      byte[] frame = source.next(config.frameBytes());
      if (frame == null) {
        ended = true;
        stopLocked();
      } else {
        queue.addLast(frame);
        queueBytes += frame.length;
        metrics.frameCaptured();
        while (queueBytes > maxQueueBytes && queue.size() > 1) {
          queueBytes -= queue.pollFirst().length;
          droppedFrames++;
          metrics.frameDropped();
        }
      }
    }
    refresh();
  }

  private void stopLocked() {
    cancel.run();
    cancel = () -> {};
    running = false;
    if (holdsSlot) {
      holdsSlot = false;
      metrics.closeMic();
    }
  }

  /** Stops for good: the descriptor was closed or the execution ended. */
  synchronized void stop() {
    stopLocked();
    generation++;
  }

  synchronized byte[] peek() {
    return queue.peekFirst();
  }

  void consume(byte[] frame) {
    synchronized (this) {
      if (queue.peekFirst() == frame) {
        queue.pollFirst();
        queueBytes -= frame.length;
      }
    }
    refresh();
  }

  /** GET_STATUS, keys sorted as SPEAR's. */
  synchronized byte[] status() {
    ObjectNode out = JSON.createObjectNode();
    if (config == null) {
      out.putNull("config");
    } else {
      ObjectNode c = out.putObject("config");
      c.put("channels", config.channels());
      c.put("format", config.format());
      c.put("frame_ms", config.frameMs());
      c.put("sample_rate_hz", config.sampleRateHz());
    }
    out.put("dropped_frames", droppedFrames);
    out.put("generation", generation);
    if (lastError == null) {
      out.putNull("last_error");
    } else {
      out.put("last_error", lastError);
    }
    out.put("max_queue_bytes", maxQueueBytes);
    out.put("queue_bytes", queueBytes);
    out.put("running", running);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  void refresh() {
    FdEntry<MicState> e;
    int mask = 0;
    synchronized (this) {
      e = entry;
      if (e == null) {
        return;
      }
      if (!queue.isEmpty()) {
        mask |= Readiness.IN;
      }
      if (lastError != null) {
        mask |= Readiness.ERR;
      }
      if (ended && queue.isEmpty()) {
        mask |= Readiness.HUP;
      }
    }
    e.raise(mask);
    e.clear(Readiness.ALL & ~mask);
  }

  @Override
  public String kindName() {
    return "Mic";
  }

  @Override
  public String metricsJson() {
    return new String(status(), StandardCharsets.UTF_8);
  }
}
