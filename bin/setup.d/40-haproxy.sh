#!/usr/bin/env bash
# Debian's HAProxy: the reverse proxy in front of gateway replicas in the deploy tests (WebSocket
# upgrade, MCP session affinity on Mcp-Session-Id). The tests run it in the foreground themselves;
# no system service is started.
set -euo pipefail
source "$ROOT/bin/setup.d/apt.inc"
if ! command -v haproxy >/dev/null 2>&1 && [ ! -x /usr/sbin/haproxy ]; then
  apt_install haproxy
fi
