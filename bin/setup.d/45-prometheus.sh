#!/usr/bin/env bash
# Debian's Prometheus: the deploy tests start its server to scrape a running replica's /metrics and
# run promtool to lint the exposition. The tests run it in the foreground themselves; no system
# service is started (and no exporters: recommends are left out).
set -euo pipefail
source "$ROOT/bin/setup.d/apt.inc"
if ! command -v promtool >/dev/null 2>&1 || ! command -v prometheus >/dev/null 2>&1; then
  apt_install --no-install-recommends prometheus
fi
