package io.spear.cli.progress;

import java.io.Console;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress bars drawn by {@code me.tongfei:progressbar}. */
public final class ProgressBars implements TransferDisplay {

  /** Set (to anything) to never draw a bar, even on a terminal. */
  public static final String DISABLE_ENV = "SPEAR_NO_PROGRESS";

  private static final int WIDTH = 80;
  private static final int UPDATE_MILLIS = 100;

  private final java.util.function.Supplier<ProgressBarConsumer> consumers;
  private final ProgressBarStyle style;

  private ProgressBars(
      java.util.function.Supplier<ProgressBarConsumer> consumers, ProgressBarStyle style) {
    this.consumers = consumers;
    this.style = style;
  }

  /**
   * Bars on stderr when stdin and stdout are a terminal and {@code SPEAR_NO_PROGRESS} is unset;
   * otherwise nothing, so piped output and scripts stay clean.
   */
  public static TransferDisplay forTerminal() {
    Console console = System.console();
    boolean terminal = console != null && console.isTerminal();
    if (!terminal || System.getenv(DISABLE_ENV) != null) {
      return TransferDisplay.none();
    }
    return new ProgressBars(
        () -> new ConsoleProgressBarConsumer(System.err, WIDTH),
        ProgressBarStyle.COLORFUL_UNICODE_BLOCK);
  }

  /** Bars rendered as plain text lines into {@code frames}, as a terminal would show them. */
  public static TransferDisplay rendering(Consumer<String> frames) {
    return new ProgressBars(
        () -> new DelegatingProgressBarConsumer(frames, WIDTH), ProgressBarStyle.ASCII);
  }

  @Override
  public Meter start(String label, long totalBytes) {
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(label)
            .setInitialMax(totalBytes)
            .setUnit("KiB", 1024)
            .showSpeed()
            .setStyle(style)
            .setUpdateIntervalMillis(UPDATE_MILLIS)
            .setConsumer(consumers.get())
            .build();
    return new Meter() {
      @Override
      public void accept(long bytes) {
        bar.stepBy(bytes);
      }

      @Override
      public void close() {
        bar.close();
      }
    };
  }
}
