package io.spear.cli.deploy;

import io.spear.cli.progress.TransferDisplay;
import io.spear.client.ApiCallException;
import io.spear.client.SmsClient;
import io.spear.client.TaskFilter;
import io.spear.model.api.FileInfo;
import io.spear.model.api.FileUploaded;
import io.spear.model.api.TaskSpec;
import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.model.task.Task;
import io.spear.model.task.TaskPriority;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Deploys an app manifest to SMS, idempotently: a module is uploaded only when SMS has no file with
 * its sha256; a function is registered when no task of the app has its name, updated (same id) when
 * its registration differs, and left alone otherwise; {@code prune} removes the app's tasks that
 * the manifest no longer names. A module file that a task of the app used before this deploy and
 * that no task uses after it is removed.
 */
public final class Deployer {

  /** The task metadata key naming the app a deployed task belongs to. */
  public static final String APP_METADATA = "spear.app";

  private final SmsClient sms;
  private final Consumer<String> progress;
  private final TransferDisplay uploads;

  /** A deployer to {@code sms} that tells {@code progress} each step, one line each. */
  public Deployer(SmsClient sms, Consumer<String> progress) {
    this(sms, progress, TransferDisplay.none());
  }

  /** A deployer that also shows each module upload on {@code uploads}. */
  public Deployer(SmsClient sms, Consumer<String> progress, TransferDisplay uploads) {
    this.sms = sms;
    this.progress = progress;
    this.uploads = uploads;
  }

  /**
   * Deploys {@code manifest}.
   *
   * @throws IOException when a module cannot be read
   * @throws IllegalArgumentException when a module is missing (not built yet) or a value is bad
   * @throws io.spear.client.ApiCallException when SMS refuses a step (steps before it stay done)
   */
  public DeployReport deploy(AppManifest manifest, boolean prune) throws IOException {
    DeployReport.Builder report = new DeployReport.Builder();
    Map<String, Task> deployed = deployedTasks(manifest.app());
    Set<String> replaced = new LinkedHashSet<>();
    for (FunctionSpec function : manifest.functions()) {
      FileInfo file = ensureUploaded(manifest, function, report);
      TaskSpec wanted = taskSpec(manifest.app(), function, file);
      Task existing = deployed.remove(function.name());
      if (existing == null) {
        String id = sms.registerTask(wanted).taskId();
        report.registered.add(function.name());
        progress.accept("registered " + function.name() + " (task " + id + ")");
      } else if (TaskSpec.of(existing).equals(wanted)) {
        report.unchanged.add(function.name());
        progress.accept("unchanged  " + function.name() + " (task " + existing.taskId() + ")");
      } else {
        sms.updateTask(existing.taskId(), wanted);
        report.updated.add(function.name());
        progress.accept("updated    " + function.name() + " (task " + existing.taskId() + ")");
        FileReferences.fileOf(existing).ifPresent(replaced::add);
      }
    }
    for (Task stale : deployed.values()) {
      if (prune) {
        FileReferences.fileOf(stale).ifPresent(replaced::add);
        sms.deleteTask(stale.taskId());
        report.removed.add(stale.name());
        progress.accept("removed    " + stale.name() + " (task " + stale.taskId() + ")");
      } else {
        progress.accept(
            "kept       " + stale.name() + " (not in the manifest; --prune removes it)");
      }
    }
    removeUnused(replaced, report);
    return report.build();
  }

  // The modules an earlier deploy stored for this app's tasks go once no task uses them.
  private void removeUnused(Set<String> replaced, DeployReport.Builder report) {
    if (replaced.isEmpty()) {
      return;
    }
    Set<String> used = FileReferences.inUse(sms);
    for (String fileId : replaced) {
      if (used.contains(fileId)) {
        continue;
      }
      try {
        sms.deleteFile(fileId);
        report.filesRemoved.add(fileId);
        progress.accept("removed    old module file " + fileId + " (no task uses it)");
      } catch (ApiCallException e) {
        if (e.status() != 404) {
          throw e;
        }
      }
    }
  }

  /** The registration a function should have. */
  static TaskSpec taskSpec(String app, FunctionSpec function, FileInfo file) {
    TaskPriority priority =
        TaskPriority.fromWire(function.priority())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "function '"
                            + function.name()
                            + "': priority must be low, normal, high or urgent"));
    Executable executable =
        new Executable(
            ExecutableType.WASM,
            file.uri(),
            function.name() + ".wasm",
            file.sha256(),
            function.args(),
            function.env());
    return new TaskSpec(
        function.name(),
        function.description(),
        priority,
        "",
        function.endpoint(),
        function.version(),
        List.of("wasm"),
        Map.of(APP_METADATA, app),
        function.taskConfig(),
        executable);
  }

  private FileInfo ensureUploaded(
      AppManifest manifest, FunctionSpec function, DeployReport.Builder report) throws IOException {
    Path module = manifest.modulePath(function);
    if (!Files.isRegularFile(module)) {
      boolean script = Files.isRegularFile(manifest.baseDir().resolve("build.sh"));
      throw new IllegalArgumentException(
          "function '"
              + function.name()
              + "': no module at "
              + function.module()
              + (script
                  ? ": run ./build.sh first"
                  : ": build it first, or fix its module = path (relative to the manifest)"));
    }
    String sha256 = sha256(module);
    Optional<FileInfo> stored = sms.findFileBySha256(sha256);
    if (stored.isPresent()) {
      return stored.get();
    }
    FileUploaded uploaded;
    try (TransferDisplay.Meter meter = uploads.start(function.module(), Files.size(module))) {
      uploaded =
          sms.uploadFile(module, module.getFileName().toString(), Optional.of(sha256), meter);
    }
    report.uploaded.add(function.module());
    progress.accept(
        "uploaded   " + function.module() + " (sha256 " + sha256.substring(0, 12) + "…)");
    return sms.fileMeta(uploaded.id());
  }

  // Newest first, so when an app somehow has two tasks of one name, the newest is the one kept.
  private Map<String, Task> deployedTasks(String app) {
    Map<String, Task> byName = new LinkedHashMap<>();
    int offset = 0;
    while (true) {
      var page = sms.listTasks(TaskFilter.all().page(1000, offset));
      for (Task task : page.tasks()) {
        if (app.equals(task.metadata().get(APP_METADATA))) {
          byName.putIfAbsent(task.name(), task);
        }
      }
      offset += page.tasks().size();
      if (page.tasks().isEmpty() || offset >= page.totalCount()) {
        return byName;
      }
    }
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
