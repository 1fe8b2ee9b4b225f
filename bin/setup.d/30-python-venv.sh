#!/usr/bin/env bash
# The pinned Python test environment: .venv (git-ignored) from interop/requirements.txt, exact
# versions. Rebuilt only when the requirements file changes (its hash is kept in .venv).
set -euo pipefail
source "$ROOT/bin/setup.d/venv.inc"
VENV="$ROOT/.venv"
REQ="$ROOT/interop/requirements.txt"
venv_current "$VENV" "$REQ" && exit 0
PY="${PLUGBOARD_PYTHON:-python3}"
echo "setup: creating the Python test environment in .venv ($("$PY" --version 2>&1), interop/requirements.txt)"
VENV_BYTECODE=1 venv_build "$VENV" "$REQ" "$PY"
# a kernel spec inside the venv, so nbclient runs notebooks with this interpreter, not the system's
"$VENV/bin/python" -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (plugboard .venv)" >/dev/null
venv_done "$VENV" "$REQ"
