package io.spear.cli.scaffold;

import io.spear.runtime.host.GuestAbi;
import io.spear.runtime.host.GuestAbi.Call;
import io.spear.runtime.host.GuestAbi.Constant;
import io.spear.runtime.host.HostCall.Type;
import io.spear.spearlet.HostFamilies;
import java.util.stream.Collectors;

/**
 * Writes the guest SDKs' raw declarations of the {@code spear} module from the runtime's {@link
 * GuestAbi}: the Rust {@code extern} block, the AssemblyScript {@code @external} declarations and
 * the Markdown reference. The SDKs commit the generated text; the ABI drift test regenerates it and
 * fails on any difference.
 */
public final class GuestAbiSources {

  /** The Rust file, relative to the Rust SDK crate. */
  public static final String RUST_FILE = "src/sys.rs";

  /** The AssemblyScript file, relative to the AssemblyScript SDK folder. */
  public static final String ASSEMBLYSCRIPT_FILE = "abi.ts";

  private static final String GENERATED =
      "Generated from the runtime's guest ABI registry (io.spear.runtime.host.GuestAbi)"
          + " by GuestAbiSources; do not edit.";

  private static final GuestAbi ABI = HostFamilies.abi();

  private GuestAbiSources() {}

  /** The Rust SDK's {@code sys} module: constants and the {@code extern "C"} block. */
  public static String rust() {
    StringBuilder out = new StringBuilder();
    out.append("//! The raw `spear` import module. ").append(GENERATED).append('\n');
    out.append("//! Calls answer negative errno values; the safe wrappers are in the other ");
    out.append("modules.\n#![allow(dead_code)]\n");
    String group = "";
    for (Constant constant : ABI.constants()) {
      if (!constant.group().equals(group)) {
        group = constant.group();
        out.append("\n// ").append(group).append('\n');
      }
      out.append("/// ").append(constant.doc()).append('\n');
      out.append("pub const ").append(constant.name()).append(": i32 = ");
      out.append(constant.value()).append(";\n");
    }
    out.append("\n#[link(wasm_import_module = \"spear\")]\nextern \"C\" {\n");
    for (Call call : ABI.calls()) {
      out.append("    /// ").append(call.doc()).append('\n');
      out.append("    pub fn ").append(call.name()).append('(');
      out.append(
          call.params().stream()
              .map(p -> p.name() + ": " + rustType(p.type()))
              .collect(Collectors.joining(", ")));
      out.append(')');
      if (call.result() != null) {
        out.append(" -> ").append(rustType(call.result()));
      }
      out.append(";\n");
    }
    return out.append("}\n").toString();
  }

  /** The AssemblyScript SDK's {@code abi.ts}: constants and {@code @external} declarations. */
  public static String assemblyScript() {
    StringBuilder out = new StringBuilder();
    out.append("// The raw `spear` import module. ").append(GENERATED).append('\n');
    out.append("// Calls answer negative errno values; the safe wrappers are in index.ts.\n");
    String group = "";
    for (Constant constant : ABI.constants()) {
      if (!constant.group().equals(group)) {
        group = constant.group();
        out.append("\n// ").append(group).append('\n');
      }
      out.append("/** ").append(constant.doc()).append(" */\n");
      out.append("export const ").append(constant.name()).append(": i32 = ");
      out.append(constant.value()).append(";\n");
    }
    out.append('\n');
    for (Call call : ABI.calls()) {
      out.append("/** ").append(call.doc()).append(" */\n");
      out.append("@external(\"spear\", \"").append(call.name()).append("\")\n");
      out.append("export declare function ").append(call.name()).append('(');
      out.append(
          call.params().stream()
              .map(p -> p.name() + ": " + asType(p.type()))
              .collect(Collectors.joining(", ")));
      out.append("): ").append(call.result() == null ? "void" : asType(call.result()));
      out.append(";\n");
    }
    return out.toString();
  }

  /** The ABI reference for {@code docs/guest-abi.md}. */
  public static String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("# The guest ABI: the `spear` import module\n\n");
    out.append("<!-- ").append(GENERATED).append(" -->\n\n");
    out.append("Every call imported from module `spear`, as the runtime registers it. Pointers ");
    out.append("and lengths are 32-bit offsets into the guest's exported `memory`; `u32*` is a ");
    out.append("pointer to a little-endian u32 that holds a capacity on entry and a length on ");
    out.append("return. Failures are negative errno values. `spear.h` binds each call to a C ");
    out.append("name of its own (`SPEAR_IMPORT(\"cchat_create\") ... spear_chat_create`), Rust ");
    out.append("declares them in `spear_guest::sys`, AssemblyScript in `spear/abi.ts`; ");
    out.append("[Writing guests](writing-guests.md) shows the safe wrappers.\n");
    String family = "";
    for (Call call : ABI.calls()) {
      if (!call.family().equals(family)) {
        family = call.family();
        out.append("\n## ").append(family).append("\n\n| call | meaning |\n| --- | --- |\n");
      }
      out.append("| `").append(call.name()).append('(');
      out.append(
          call.params().stream()
              .map(p -> docType(p.type()) + " " + p.name())
              .collect(Collectors.joining(", ")));
      out.append(") -> ").append(call.result() == null ? "()" : docType(call.result()));
      out.append("` | ").append(call.doc()).append(" |\n");
    }
    out.append("\n## Constants\n\nThe C header prefixes them with `SPEAR_`.\n\n");
    out.append("| group | name | value | meaning |\n| --- | --- | --- | --- |\n");
    for (Constant constant : ABI.constants()) {
      out.append("| ").append(constant.group()).append(" | `").append(constant.name());
      out.append("` | ").append(constant.value()).append(" | ").append(constant.doc());
      out.append(" |\n");
    }
    return out.toString();
  }

  private static String rustType(Type type) {
    return switch (type) {
      case I32 -> "i32";
      case I64 -> "i64";
      case IN_PTR -> "*const u8";
      case OUT_PTR -> "*mut u8";
      case LEN_PTR -> "*mut u32";
    };
  }

  private static String asType(Type type) {
    return switch (type) {
      case I32 -> "i32";
      case I64 -> "i64";
      case IN_PTR, OUT_PTR, LEN_PTR -> "usize";
    };
  }

  private static String docType(Type type) {
    return switch (type) {
      case I32 -> "i32";
      case I64 -> "i64";
      case IN_PTR -> "const u8*";
      case OUT_PTR -> "u8*";
      case LEN_PTR -> "u32*";
    };
  }
}
