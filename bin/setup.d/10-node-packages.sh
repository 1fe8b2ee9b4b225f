#!/usr/bin/env bash
# npm packages of every module's src/test/node (package-lock.json pins them).
set -euo pipefail
for dir in "$ROOT"/*/src/test/node; do
  [ -f "$dir/package.json" ] || continue
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
    echo "setup: npm install in ${dir#$ROOT/}"
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error)
    touch "$dir/node_modules"
  fi
done
