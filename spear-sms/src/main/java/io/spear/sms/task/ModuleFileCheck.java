package io.spear.sms.task;

import io.spear.model.api.TaskSpec;
import io.spear.model.error.InvalidConfigurationException;
import io.spear.model.task.Executable;
import io.spear.model.task.ExecutableType;
import io.spear.model.task.SmsFileUri;
import io.spear.sms.file.FileStore;
import io.spear.sms.id.Ids;
import java.util.Optional;

/**
 * Refuses a WASM task whose module is a file of this SMS ({@code sms+file://<file_id>}, no host)
 * that this SMS does not have: such a task could only ever fail on every node, so it is refused
 * when it is registered, naming the file id, rather than at its first invocation.
 *
 * <p>A URI naming another SMS ({@code sms+file://<host:port>/<file_id>}) is not checked: that SMS
 * is not asked at registration.
 */
final class ModuleFileCheck {

  private final FileStore files;

  ModuleFileCheck(FileStore files) {
    this.files = files;
  }

  /** Throws {@link InvalidConfigurationException} when the registration's module file is absent. */
  void require(TaskSpec registration) {
    Optional.ofNullable(registration.executable()).ifPresent(this::require);
  }

  private void require(Executable executable) {
    if (executable.type() != ExecutableType.WASM) {
      return;
    }
    SmsFileUri uri = SmsFileUri.parse(executable.uri()).orElse(null);
    if (uri == null || uri.hostPort().isPresent()) {
      return;
    }
    boolean present = Ids.canonical(uri.fileId()).flatMap(files::find).isPresent();
    if (!present) {
      throw new InvalidConfigurationException(
          "executable.uri names file "
              + uri.fileId()
              + ", which this SMS does not have; upload the module first (POST /api/v1/files)");
    }
  }
}
