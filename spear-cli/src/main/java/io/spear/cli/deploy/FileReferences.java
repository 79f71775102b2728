package io.spear.cli.deploy;

import io.spear.client.SmsClient;
import io.spear.client.TaskFilter;
import io.spear.model.api.FileInfo;
import io.spear.model.api.FileList;
import io.spear.model.api.TaskList;
import io.spear.model.task.SmsFileUri;
import io.spear.model.task.Task;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Which stored files tasks use: what clean-up may remove and what it must keep. */
public final class FileReferences {

  private static final int PAGE = 1000;

  private FileReferences() {}

  /** The ids of the files some task's module names ({@code sms+file://<id>}). */
  public static Set<String> inUse(SmsClient sms) {
    Set<String> used = new HashSet<>();
    for (int offset = 0; ; ) {
      TaskList page = sms.listTasks(TaskFilter.all().page(PAGE, offset));
      for (Task task : page.tasks()) {
        fileOf(task).ifPresent(used::add);
      }
      offset += page.tasks().size();
      if (page.tasks().isEmpty() || offset >= page.totalCount()) {
        return used;
      }
    }
  }

  /** Every stored file no task uses. */
  public static List<FileInfo> unused(SmsClient sms) {
    Set<String> used = inUse(sms);
    List<FileInfo> unused = new ArrayList<>();
    for (int offset = 0; ; ) {
      FileList page = sms.listFiles("", PAGE, offset);
      page.files().stream().filter(f -> !used.contains(f.id())).forEach(unused::add);
      offset += page.files().size();
      if (page.files().isEmpty() || offset >= page.totalCount()) {
        return unused;
      }
    }
  }

  /** The id of the stored file a task's module is, if it is one. */
  static Optional<String> fileOf(Task task) {
    return task.executable() == null
        ? Optional.empty()
        : SmsFileUri.parse(task.executable().uri()).map(SmsFileUri::fileId);
  }
}
