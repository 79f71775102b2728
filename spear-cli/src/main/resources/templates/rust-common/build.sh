#!/bin/sh
# Builds build/{{name}}.wasm with cargo for WASI preview 1, offline (spear-guest has no
# dependencies).
#   Debian/Ubuntu: apt-get install rustc cargo libstd-rust-dev-wasm32   (target wasm32-wasi)
#   rustup:        rustup target add wasm32-wasip1
# Uses the rustc on the PATH when it has a WASI standard library, else Debian's /usr/bin/rustc.
# --export-table lets the host call Rust functions registered as chat tools.
set -eu
cd "$(dirname "$0")"

# The WASI target whose standard library rustc $1 has: wasm32-wasip1 (Rust >= 1.78), wasm32-wasi.
wasi_target() {
  sysroot=$("$1" --print sysroot 2>/dev/null) || return 1
  targets=$("$1" --print target-list 2>/dev/null) || return 1
  for t in wasm32-wasip1 wasm32-wasi; do
    if printf '%s\n' "$targets" | grep -qx "$t" && [ -d "$sysroot/lib/rustlib/$t" ]; then
      echo "$t"
      return 0
    fi
  done
  return 1
}

if target=$(wasi_target "${RUSTC:-rustc}"); then
  cargo="${CARGO:-cargo}"
elif target=$(wasi_target /usr/bin/rustc); then
  export RUSTC=/usr/bin/rustc
  cargo=/usr/bin/cargo
else
  echo "no rustc with a WASI target: apt-get install rustc cargo libstd-rust-dev-wasm32," >&2
  echo "or rustup target add wasm32-wasip1" >&2
  exit 1
fi

RUSTFLAGS="${RUSTFLAGS:-} -C link-arg=--export-table" \
  "$cargo" build --offline --release --target "$target"
mkdir -p build
cp "${CARGO_TARGET_DIR:-target}/$target/release/{{name}}.wasm" build/{{name}}.wasm
echo "built build/{{name}}.wasm ($target)"
