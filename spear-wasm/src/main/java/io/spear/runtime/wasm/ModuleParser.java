package io.spear.runtime.wasm;

import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.CodeSection;
import com.dylibso.chicory.wasm.types.CustomSection;
import com.dylibso.chicory.wasm.types.DataCountSection;
import com.dylibso.chicory.wasm.types.DataSection;
import com.dylibso.chicory.wasm.types.ElementSection;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.FunctionSection;
import com.dylibso.chicory.wasm.types.GlobalSection;
import com.dylibso.chicory.wasm.types.ImportSection;
import com.dylibso.chicory.wasm.types.MemorySection;
import com.dylibso.chicory.wasm.types.Section;
import com.dylibso.chicory.wasm.types.SectionId;
import com.dylibso.chicory.wasm.types.StartSection;
import com.dylibso.chicory.wasm.types.TableSection;
import com.dylibso.chicory.wasm.types.TagSection;
import com.dylibso.chicory.wasm.types.TypeSection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Chicory's parser over bytes whose sha256 the resolver has already computed: Chicory's own entry
 * point hashes every byte again (custom sections included) to name the module, and always
 * validates. Here the module is named from the known digest, with the spelling Chicory's parser
 * gives it (the compiled-code cache is keyed by it), and validation is the caller's choice.
 *
 * <p>Custom sections are skipped: they carry no semantics (debug info, names, producers) and are
 * most of the bytes of unstripped toolchain output, which the cached module would otherwise hold on
 * the heap for as long as it is cached.
 */
final class ModuleParser {

  private ModuleParser() {}

  /** The digest Chicory's parser gives a module whose sha256 is {@code sha256Hex}. */
  static String digest(String sha256Hex) {
    return "sha-256:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex));
  }

  /**
   * Parses every section but custom ones; validates the function bodies, globals, segments and
   * tables when {@code validate}.
   *
   * @throws MalformedException or {@link com.dylibso.chicory.wasm.InvalidException} as Chicory's
   *     parser throws them, with the same messages
   */
  static WasmModule parse(byte[] bytes, String sha256Hex, boolean validate) {
    WasmModule.Builder module =
        WasmModule.builder().withValidation(validate).withDigest(digest(sha256Hex));
    try {
      // A parser per module: Chicory's keeps the type section it last read in a field.
      parser().parse(new ByteArrayInputStream(withoutCustomSections(bytes)), s -> add(module, s));
    } catch (MalformedException e) {
      // Worded as Chicory's own entry point words it.
      throw new MalformedException(
          "section size mismatch, unexpected end of section or function, " + e.getMessage(), e);
    }
    return module.build();
  }

  /**
   * The bytes without their custom sections, which the parser would skip anyway but only after
   * copying all of them (it reads its input in 1 KB chunks into a growing buffer); the bytes
   * unchanged when there are none, or when the section walk goes wrong (then the parser reports
   * what is malformed, in its words).
   */
  static byte[] withoutCustomSections(byte[] bytes) {
    if (bytes.length < 8) {
      return bytes;
    }
    ByteArrayOutputStream kept = new ByteArrayOutputStream();
    kept.write(bytes, 0, 8);
    int pos = 8;
    boolean dropped = false;
    while (pos < bytes.length) {
      int start = pos++;
      long size = 0;
      int shift = 0;
      int b;
      do {
        if (pos >= bytes.length || shift > 28) {
          return bytes;
        }
        b = bytes[pos++] & 0xff;
        size |= (long) (b & 0x7f) << shift;
        shift += 7;
      } while ((b & 0x80) != 0);
      if (size > bytes.length - pos) {
        return bytes;
      }
      int end = pos + (int) size;
      if (bytes[start] == SectionId.CUSTOM) {
        dropped = true;
      } else {
        kept.write(bytes, start, end - start);
      }
      pos = end;
    }
    return dropped ? kept.toByteArray() : bytes;
  }

  private static Parser parser() {
    Parser.Builder builder = Parser.builder();
    for (int id = SectionId.TYPE; id <= SectionId.TAG; id++) {
      builder.includeSectionId(id);
    }
    return builder.build();
  }

  private static void add(WasmModule.Builder module, Section s) {
    switch (s.sectionId()) {
      case SectionId.CUSTOM -> {
        CustomSection custom = (CustomSection) s;
        module.addCustomSection(custom.name(), custom);
      }
      case SectionId.TYPE -> module.setTypeSection((TypeSection) s);
      case SectionId.IMPORT -> module.setImportSection((ImportSection) s);
      case SectionId.FUNCTION -> module.setFunctionSection((FunctionSection) s);
      case SectionId.TABLE -> module.setTableSection((TableSection) s);
      case SectionId.MEMORY -> module.setMemorySection((MemorySection) s);
      case SectionId.GLOBAL -> module.setGlobalSection((GlobalSection) s);
      case SectionId.EXPORT -> module.setExportSection((ExportSection) s);
      case SectionId.START -> module.setStartSection((StartSection) s);
      case SectionId.ELEMENT -> module.setElementSection((ElementSection) s);
      case SectionId.CODE -> module.setCodeSection((CodeSection) s);
      case SectionId.DATA -> module.setDataSection((DataSection) s);
      case SectionId.DATA_COUNT -> module.setDataCountSection((DataCountSection) s);
      case SectionId.TAG -> module.setTagSection((TagSection) s);
      default -> module.addIgnoredSection(s.sectionId());
    }
  }
}
