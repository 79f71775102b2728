package io.spear.cli;

import io.spear.cli.deploy.FileReferences;
import io.spear.cli.progress.ProgressBars;
import io.spear.cli.progress.TransferDisplay;
import io.spear.client.SmsClient;
import io.spear.model.api.FileInfo;
import io.spear.model.api.FileList;
import io.spear.model.api.FileUploaded;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code spear files}: upload, list, fetch and delete module files on SMS. */
@Command(
    name = "files",
    mixinStandardHelpOptions = true,
    description = "Manage files (modules) stored on SMS.")
final class FilesCommand {

  @Command(name = "upload", mixinStandardHelpOptions = true, description = "Upload a file.")
  static final class Upload implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The file to upload.")
    Path file;

    @Option(names = "--name", description = "Name to record (default: the file's name).")
    String name;

    @Option(
        names = "--checksum",
        description = "Expected sha256 (hex); the upload fails otherwise.")
    String checksum;

    @Override
    public Integer call() throws IOException {
      if (!Files.isRegularFile(file)) {
        throw new CliException("not a file: " + file);
      }
      String recorded = name != null ? name : file.getFileName().toString();
      FileUploaded uploaded;
      try (TransferDisplay.Meter meter =
          ProgressBars.forTerminal().start(recorded, Files.size(file))) {
        uploaded = client.client().uploadFile(file, recorded, Optional.ofNullable(checksum), meter);
      }
      Output.json(spec.commandLine().getOut(), uploaded);
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List files, newest first.")
  static final class ListFiles implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Mixin ListOutput output;

    @Option(names = "--q", defaultValue = "", description = "Only ids or names containing this.")
    String query;

    @Option(names = "--limit", defaultValue = "100", description = "Page size.")
    int limit;

    @Option(names = "--offset", defaultValue = "0", description = "Skip this many.")
    int offset;

    @Override
    public Integer call() {
      if (output.json()) {
        Output.raw(
            spec.commandLine().getOut(), client.client().listFilesJson(query, limit, offset));
        return 0;
      }
      FileList files = client.client().listFiles(query, limit, offset);
      output.print(
          spec.commandLine().getOut(),
          files,
          files.files(),
          new ListOutput.Column<FileInfo>("ID", FileInfo::id),
          new ListOutput.Column<FileInfo>("NAME", FileInfo::name),
          new ListOutput.Column<FileInfo>("BYTES", FileInfo::len),
          new ListOutput.Column<FileInfo>("SHA256", f -> f.sha256().substring(0, 12)));
      return 0;
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "Download a file's bytes (to stdout unless -o), or its metadata with --meta.")
  static final class Get implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Parameters(index = "0", description = "The file id.")
    String id;

    @Option(
        names = {"-o", "--output"},
        description = "Write the bytes to this file.")
    Path output;

    @Option(names = "--meta", description = "Print the metadata instead of the bytes.")
    boolean meta;

    @Override
    public Integer call() throws IOException {
      if (meta) {
        Output.json(spec.commandLine().getOut(), client.client().fileMeta(id));
        return 0;
      }
      try (InputStream in = client.client().downloadFile(id)) {
        if (output != null) {
          Files.copy(in, output, StandardCopyOption.REPLACE_EXISTING);
        } else {
          OutputStream out = System.out;
          in.transferTo(out);
          out.flush();
        }
      }
      return 0;
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete a file.")
  static final class Remove extends ByIdCommand {
    @Override
    Object request(SmsClient sms, String id) {
      return sms.deleteFile(id);
    }
  }

  @Command(
      name = "prune",
      mixinStandardHelpOptions = true,
      description =
          "Delete the files no task uses (left by spear run --keep, or uploaded and never"
              + " registered); --dry-run only lists them.")
  static final class Prune implements Callable<Integer> {
    @Mixin ClientOptions client;
    @Spec CommandSpec spec;

    @Option(names = "--dry-run", description = "List what would be deleted; delete nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
      SmsClient sms = client.client();
      var out = spec.commandLine().getOut();
      List<FileInfo> unused = FileReferences.unused(sms);
      for (FileInfo file : unused) {
        if (!dryRun) {
          sms.deleteFile(file.id());
        }
        out.println((dryRun ? "would remove " : "removed ") + file.id() + "  " + file.name());
      }
      out.println(
          unused.isEmpty()
              ? "nothing to prune: every file is used by a task"
              : unused.size()
                  + (dryRun
                      ? " file(s) unused; run without --dry-run to delete"
                      : " file(s) removed"));
      out.flush();
      return 0;
    }
  }
}
