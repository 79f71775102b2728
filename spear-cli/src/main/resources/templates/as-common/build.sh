#!/bin/sh
# Builds build/{{name}}.wasm from main.ts with AssemblyScript and its WASI shim (so console,
# process, Date and crypto work over WASI).
#   npm install      (assemblyscript and @assemblyscript/wasi-shim, see package.json)
# Uses ./node_modules, else $SPEAR_NPM_CACHE/node_modules (default ~/.cache/spear-npm, where
# Spear's .ci/install-npm-tools puts them), else runs npm install.
# --exportTable lets the host call AssemblyScript functions registered as chat tools.
set -eu
cd "$(dirname "$0")"
modules=node_modules
if [ ! -x "$modules/.bin/asc" ] || [ ! -d "$modules/@assemblyscript/wasi-shim" ]; then
  cache="${SPEAR_NPM_CACHE:-$HOME/.cache/spear-npm}/node_modules"
  if [ -x "$cache/.bin/asc" ] && [ -d "$cache/@assemblyscript/wasi-shim" ]; then
    modules="$cache"
  else
    npm install --no-audit --no-fund
  fi
fi
# asc (0.28) skips a library folder below node_modules, so the shim is used from a copy.
rm -rf build/wasi-shim
mkdir -p build/wasi-shim
cp -R "$modules/@assemblyscript/wasi-shim/asconfig.json" "$modules/@assemblyscript/wasi-shim/assembly" \
  build/wasi-shim/
"$modules/.bin/asc" main.ts --config build/wasi-shim/asconfig.json \
  --optimize --exportTable --outFile build/{{name}}.wasm
echo "built build/{{name}}.wasm"
