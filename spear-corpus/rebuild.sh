#!/usr/bin/env bash
# Rebuilds every binary of the test corpus from its source.
#
# Needs wabt (wat2wasm), clang with the wasm32-wasi target, lld and wasi-libc. On Debian:
#   apt-get install -y wabt clang lld wasi-libc libclang-rt-14-dev-wasm32
#
# Outputs go to src/main/resources/corpus/ as <name>.<wat|c>.wasm, plus byte fixtures that are
# not WebAssembly (*.bin) and index.txt listing every fixture. The test suite only reads the
# committed outputs; run this after changing a source and commit the results.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
src="$here/src/main"
out="$src/resources/corpus"
mkdir -p "$out"

# Binaries that wat2wasm must not validate: they exist to fail validation in the runtime.
no_check=(invalid_type)

for wat in "$src"/wat/*.wat; do
  name="$(basename "$wat" .wat)"
  flags=()
  for skip in "${no_check[@]}"; do
    if [[ "$name" == "$skip" ]]; then flags+=(--no-check); fi
  done
  wat2wasm "${flags[@]}" "$wat" -o "$out/$name.wat.wasm"
done

for c in "$src"/c/*.c; do
  name="$(basename "$c" .c)"
  flags=()
  # Chat guests register tools by function table index: the host calls them through the
  # exported table (__indirect_function_table), which wasm-ld only exports when asked.
  if [[ "$name" == chat_* ]]; then flags+=(-Wl,--export-table); fi
  # -O2 for realistic kernels, --strip-all drops the name section so binaries stay small.
  # Guests that include the C SDK's spear.h find it in spear-cli, so they check the header too.
  clang --target=wasm32-wasi -O2 -Wl,--strip-all "${flags[@]}" -I "$src/c" \
    -I "$here/../spear-cli/src/main/resources/sdk/c" "$c" -o "$out/$name.c.wasm"
done

# Byte fixtures that are not WebAssembly; deterministic so that rebuilding changes nothing.
hello="$out/hello.c.wasm"
: > "$out/empty.bin"
head -c 37 "$hello" > "$out/truncated.bin"
{ printf '\x7fELF'; tail -c +5 "$hello"; } > "$out/wrong_magic.bin"
python3 - "$out/garbage.bin" <<'PY'
import random, sys
random.seed(20240601)
with open(sys.argv[1], "wb") as f:
    f.write(bytes(random.randrange(256) for _ in range(4096)))
PY
# The right magic, the right version, then noise: must fail in the parser, not the magic check.
{ printf '\x00asm\x01\x00\x00\x00'; head -c 64 "$out/garbage.bin"; } > "$out/magic_then_garbage.bin"

chmod 644 "$out"/*
(cd "$out" && ls -1 | grep -v '^index.txt$' | LC_ALL=C sort) > "$out/index.txt"
echo "rebuilt $(wc -l < "$out/index.txt") fixtures in $out"
