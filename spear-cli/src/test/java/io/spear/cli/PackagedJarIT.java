package io.spear.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/** The runnable jar holds only class files the AOT cache can keep once they are linked. */
class PackagedJarIT {

  private static final Path JAR = Path.of("target", "spear.jar");
  // Older class files are verified by the old verifier, whose result a cache cannot keep.
  private static final int OLDEST_CACHEABLE = 50;

  @Test
  void picocliIsPackagedAsClassFilesTheAotCacheCanKeep() throws IOException {
    assertCacheable("picocli/");
  }

  @Test
  void chicorysAsmIsPackagedAsClassFilesTheAotCacheCanKeep() throws IOException {
    assertCacheable("org/objectweb/asm/");
  }

  private static void assertCacheable(String prefix) throws IOException {
    List<String> tooOld = new ArrayList<>();
    int classes = 0;
    try (ZipFile jar = new ZipFile(JAR.toFile())) {
      for (ZipEntry entry : Collections.list(jar.entries())) {
        if (entry.getName().startsWith(prefix) && entry.getName().endsWith(".class")) {
          classes++;
          if (majorVersion(jar, entry) < OLDEST_CACHEABLE) {
            tooOld.add(entry.getName());
          }
        }
      }
    }

    assertThat(classes).as(prefix).isPositive();
    assertThat(tooOld).isEmpty();
  }

  private static int majorVersion(ZipFile jar, ZipEntry entry) throws IOException {
    try (InputStream in = jar.getInputStream(entry);
        DataInputStream data = new DataInputStream(in)) {
      data.readInt(); // magic
      data.readUnsignedShort(); // minor
      return data.readUnsignedShort();
    }
  }
}
