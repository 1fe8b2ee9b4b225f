#!/usr/bin/env bash
# Debian's Chromium, which renders the HTML reports headless in the tests.
set -euo pipefail
source "$ROOT/bin/setup.d/apt.inc"
if [ -n "${PLUGBOARD_NEEDS_CHROMIUM:-1}" ] && ! command -v chromium >/dev/null 2>&1; then
  apt_install chromium
fi
