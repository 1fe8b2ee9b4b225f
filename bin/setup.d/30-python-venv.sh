#!/usr/bin/env bash
# The pinned Python test environment: .venv (git-ignored) from interop/requirements.txt, exact
# versions. Rebuilt only when the requirements file changes (its hash is kept in .venv).
set -euo pipefail
VENV="$ROOT/.venv"
REQ="$ROOT/interop/requirements.txt"
want=$(sha256sum "$REQ" | cut -d' ' -f1)
if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.requirements.sha256" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
PY="${PLUGBOARD_PYTHON:-python3}"
echo "setup: creating the Python test environment in .venv ($("$PY" --version 2>&1), interop/requirements.txt)"
rm -rf "$VENV"
"$PY" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input -r "$REQ"
# a kernel spec inside the venv, so nbclient runs notebooks with this interpreter, not the system's
"$VENV/bin/python" -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (plugboard .venv)" >/dev/null
echo "$want" > "$VENV/.requirements.sha256"
