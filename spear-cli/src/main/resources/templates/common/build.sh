#!/bin/sh
# Builds build/{{name}}.wasm from main.c with clang for wasm32-wasi.
#   Debian/Ubuntu: apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32
#   elsewhere: wasi-sdk; set CC to its clang, or WASI_SYSROOT to its sysroot.
# --export-table lets the host call C functions registered as chat tools.
set -eu
cd "$(dirname "$0")"
mkdir -p build
${CC:-clang} --target=wasm32-wasi ${WASI_SYSROOT:+--sysroot="$WASI_SYSROOT"} \
  -O2 -Wall -Werror -Wl,--export-table -Wl,--strip-all \
  -I . main.c -o build/{{name}}.wasm
echo "built build/{{name}}.wasm"
