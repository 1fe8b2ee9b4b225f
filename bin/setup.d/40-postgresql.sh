#!/usr/bin/env bash
# Debian's PostgreSQL server binaries (initdb, pg_ctl, postgres): the store tests start a throwaway
# cluster of their own on a free loopback port (store/src/test/.../PostgresCluster) and stop it.
# No cluster of the package's is wanted: a createcluster.d drop-in (read by postgresql-common)
# tells the package to create (and start) no "main" cluster.
set -euo pipefail
source "$ROOT/bin/setup.d/apt.inc"
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.d/plugboard.conf >/dev/null
  apt_install postgresql
fi
