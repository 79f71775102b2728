#!/usr/bin/env bash
# Builds the web console into target/classes/spear-console (served by SMS at /console) with the
# machine's Node.js and npm. Without them the Maven build still passes: a page saying the console
# was not built is packaged instead, so `mvn verify` needs only a JDK and Maven.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
out=target/classes/spear-console
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "[spear-console] Node.js/npm not found: the console is NOT built; SMS will serve a page saying so."
  mkdir -p "$out"
  cat > "$out/index.html" <<'HTML'
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Spear console not built</title></head>
<body><main><h1>The Spear console was not built</h1>
<p>This SMS was built without Node.js and npm, so the web console is missing.
Install Node.js 20+ and rebuild (<code>mvn -pl spear-console -am package</code>); the REST API,
<a href="/swagger-ui/">Swagger UI</a> and <a href="/openapi.json">the OpenAPI document</a> work as usual.</p>
</main></body></html>
HTML
  exit 0
fi
# npm ci only when the lock file changed since the last install (keeps rebuilds fast).
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
# The console's own unit checks (node --test, e.g. the SSF frame codec) before it is bundled.
mkdir -p target
npm run --silent test >target/console-unit-tests.log 2>&1 || { cat target/console-unit-tests.log; exit 1; }
npm run --silent build
echo "[spear-console] built into $out"
