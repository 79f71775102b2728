/*
 * Run at build time (java UpgradeClassFiles.java JAR PREFIX...): rewrites the class files under
 * each package prefix in JAR to class-file version 52 with stack maps, in place.
 *
 * Why: the JVM's AOT cache (./spear records one) cannot keep a class older than version 50 once it
 * has been linked, because the old verifier that checks such a class records no constraints to
 * re-check at start-up; picocli ships version 49 classes, so every one-shot command loaded, parsed
 * and verified its ~200 classes anew. Rebuilding each method body lets the ClassFile API compute
 * the stack maps the newer version needs; the instructions stay as they were.
 */
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

public final class UpgradeClassFiles {

  private static final int TARGET_MAJOR = ClassFile.JAVA_8_VERSION;

  private UpgradeClassFiles() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: UpgradeClassFiles JAR PREFIX...");
    }
    Path jar = Path.of(args[0]);
    List<String> prefixes = Arrays.asList(args).subList(1, args.length);
    int upgraded = 0;
    try (FileSystem zip = FileSystems.newFileSystem(jar)) {
      ClassFile classFile =
          ClassFile.of(
              ClassFile.ClassHierarchyResolverOption.of(hierarchy(zip)),
              ClassFile.StackMapsOption.GENERATE_STACK_MAPS);
      for (String prefix : prefixes) {
        for (Path entry : classesUnder(zip.getPath("/" + prefix))) {
          ClassModel model = classFile.parse(Files.readAllBytes(entry));
          if (model.majorVersion() < TARGET_MAJOR) {
            Files.write(entry, upgrade(classFile, model));
            upgraded++;
          }
        }
      }
    }
    System.out.println("[spear-cli] class files upgraded to version " + TARGET_MAJOR + ": " + upgraded);
  }

  private static byte[] upgrade(ClassFile classFile, ClassModel model) {
    return classFile.transformClass(
        model,
        ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
            .andThen(ClassTransform.endHandler(b -> b.withVersion(TARGET_MAJOR, 0))));
  }

  // Stack maps name common supertypes: classes of the jar are read from it, the JDK's from itself.
  private static ClassHierarchyResolver hierarchy(FileSystem zip) {
    ClassHierarchyResolver fromJar =
        ClassHierarchyResolver.ofResourceParsing(
            desc -> {
              String descriptor = desc.descriptorString();
              Path entry =
                  zip.getPath("/" + descriptor.substring(1, descriptor.length() - 1) + ".class");
              return Files.isRegularFile(entry) ? open(entry) : null;
            });
    return fromJar.orElse(ClassHierarchyResolver.defaultResolver()).cached();
  }

  private static InputStream open(Path entry) {
    try {
      return Files.newInputStream(entry);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> classesUnder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("no " + dir + " in the jar");
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.toString().endsWith(".class")).toList();
    }
  }
}
