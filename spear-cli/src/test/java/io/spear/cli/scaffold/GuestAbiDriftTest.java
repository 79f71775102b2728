package io.spear.cli.scaffold;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.spear.runtime.host.Errno;
import io.spear.runtime.host.GuestAbi;
import io.spear.runtime.host.HostCall;
import io.spear.runtime.host.HostCall.Type;
import io.spear.spearlet.HostFamilies;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The guest ABI has one source of truth, what the node's host-call families declare ({@link
 * GuestAbi}): the C header, the Rust SDK's extern block, the AssemblyScript declarations and the
 * ABI reference all match it. Run with {@code -Dspear.abi.write=true} to rewrite the generated
 * files after changing the registry (the C header is edited by hand).
 */
class GuestAbiDriftTest {

  static final Path RESOURCES = Path.of("src/main/resources");
  static final Path RUST =
      RESOURCES.resolve("sdk/rust/spear-guest").resolve(GuestAbiSources.RUST_FILE);
  static final Path ASSEMBLYSCRIPT =
      RESOURCES.resolve("sdk/assemblyscript/spear").resolve(GuestAbiSources.ASSEMBLYSCRIPT_FILE);
  static final Path REFERENCE = Path.of("../docs/guest-abi.md");

  private static final Pattern C_IMPORT =
      Pattern.compile(
          "SPEAR_IMPORT\\(\"(\\w+)\"\\)\\s*(\\w+)\\s+spear_\\w+\\(([^)]*)\\);", Pattern.DOTALL);
  private static final Pattern C_DEFINE =
      Pattern.compile("^#define SPEAR_(\\w+) (0x[0-9a-fA-F]+|\\d+)\\b", Pattern.MULTILINE);

  static final GuestAbi ABI = HostFamilies.abi();

  /** The WebAssembly type of every call, by import name. */
  static Map<String, FunctionType> wasmTypes() {
    Map<String, FunctionType> types = new HashMap<>();
    for (GuestAbi.Call call : ABI.calls()) {
      List<ValType> results = call.result() == null ? List.of() : List.of(valType(call.result()));
      types.put(
          call.name(),
          FunctionType.of(call.params().stream().map(p -> valType(p.type())).toList(), results));
    }
    return types;
  }

  private static ValType valType(HostCall.Type type) {
    return type.isI64() ? ValType.I64 : ValType.I32;
  }

  @Test
  void theRegistryTheCHeaderTheRustSdkAndTheAssemblyScriptSdkAllDeclareWhatTheRuntimeRegisters()
      throws Exception {
    if (Boolean.getBoolean("spear.abi.write")) {
      Files.writeString(RUST, GuestAbiSources.rust());
      Files.writeString(ASSEMBLYSCRIPT, GuestAbiSources.assemblyScript());
      Files.writeString(REFERENCE, GuestAbiSources.markdown());
    }
    SoftAssertions soft = new SoftAssertions();

    soft.assertThat(ABI.calls().stream().map(GuestAbi.Call::name))
        .as("each call declared once")
        .doesNotHaveDuplicates();
    soft.assertThat(errnoGroup()).as("errno in registry vs Errno").isEqualTo(errnoClass());

    String header = new String(GuestSdk.cHeader(), StandardCharsets.UTF_8);
    soft.assertThat(cImports(header)).as("spear.h host calls").isEqualTo(registryCalls());
    soft.assertThat(cConstants(header)).as("spear.h constants").isEqualTo(registryConstants());

    soft.assertThat(Files.readString(RUST))
        .as("Rust %s (regenerate: -Dspear.abi.write=true)", RUST)
        .isEqualTo(GuestAbiSources.rust());
    soft.assertThat(Files.readString(ASSEMBLYSCRIPT))
        .as("AssemblyScript %s (regenerate: -Dspear.abi.write=true)", ASSEMBLYSCRIPT)
        .isEqualTo(GuestAbiSources.assemblyScript());
    soft.assertThat(Files.readString(REFERENCE))
        .as("ABI reference %s (regenerate: -Dspear.abi.write=true)", REFERENCE)
        .isEqualTo(GuestAbiSources.markdown());
    soft.assertAll();
  }

  /** Import name to "(params) -> result" in the registry's types. */
  private static Map<String, String> registryCalls() {
    Map<String, String> calls = new TreeMap<>();
    for (GuestAbi.Call call : ABI.calls()) {
      List<String> params = call.params().stream().map(p -> p.type().name()).toList();
      calls.put(call.name(), params + " -> " + call.result());
    }
    return calls;
  }

  /** The same from the header's {@code SPEAR_IMPORT} declarations. */
  private static Map<String, String> cImports(String header) {
    Map<String, String> calls = new TreeMap<>();
    Matcher m = C_IMPORT.matcher(header);
    while (m.find()) {
      List<String> params = new ArrayList<>();
      for (String param : m.group(3).split(",")) {
        if (!param.isBlank() && !param.strip().equals("void")) {
          params.add(cType(param.strip()).name());
        }
      }
      Type result = m.group(2).equals("void") ? null : cType(m.group(2));
      calls.put(m.group(1), params + " -> " + result);
    }
    return calls;
  }

  private static Type cType(String declaration) {
    if (declaration.startsWith("uint32_t *")) {
      return Type.LEN_PTR;
    }
    if (declaration.contains("*")) {
      return declaration.startsWith("const ") ? Type.IN_PTR : Type.OUT_PTR;
    }
    return declaration.startsWith("int64_t") ? Type.I64 : Type.I32;
  }

  private static Map<String, Long> registryConstants() {
    Map<String, Long> constants = new TreeMap<>();
    ABI.constants().forEach(c -> constants.put(c.name(), c.value()));
    return constants;
  }

  private static Map<String, Long> cConstants(String header) {
    Map<String, Long> constants = new TreeMap<>();
    Matcher m = C_DEFINE.matcher(header);
    while (m.find()) {
      constants.put(m.group(1), Long.decode(m.group(2)));
    }
    return constants;
  }

  private static Map<String, Long> errnoGroup() {
    Map<String, Long> errno = new TreeMap<>();
    ABI.constants().stream()
        .filter(c -> c.group().equals("errno"))
        .forEach(c -> errno.put(c.name(), c.value()));
    return errno;
  }

  private static Map<String, Long> errnoClass() throws IllegalAccessException {
    Map<String, Long> errno = new LinkedHashMap<>();
    for (Field field : Errno.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
        errno.put(field.getName(), (long) field.getInt(null));
      }
    }
    return new TreeMap<>(errno);
  }
}
