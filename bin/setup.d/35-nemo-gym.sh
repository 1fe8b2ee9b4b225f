#!/usr/bin/env bash
# NeMo Gym for the reward-peer interop test: .venv-nemo-gym (git-ignored) from
# interop/requirements-nemo-gym.txt, exact versions. NeMo Gym needs Python >= 3.12: taken from
# $PLUGBOARD_PYTHON312, else python3.12/python3.13 on PATH, else pyenv's installed versions.
# Rebuilt only when the requirements file changes (its hash is kept in the venv). About 1.5 GB.
set -euo pipefail
source "$ROOT/bin/setup.d/venv.inc"
VENV="$ROOT/.venv-nemo-gym"
REQ="$ROOT/interop/requirements-nemo-gym.txt"
venv_current "$VENV" "$REQ" && exit 0
at_least_312() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
PY=""
for candidate in "${PLUGBOARD_PYTHON312:-}" python3.12 python3.13 \
    "$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"/versions/3.1[2-9]*/bin/python3; do
  if [ -n "$candidate" ] && at_least_312 "$candidate"; then PY="$candidate"; break; fi
done
if [ -z "$PY" ]; then
  echo "setup: no Python >= 3.12 found for NeMo Gym (set PLUGBOARD_PYTHON312); test_reward_peers.py will fail" >&2
  exit 0
fi
echo "setup: creating the NeMo Gym environment in .venv-nemo-gym ($("$PY" --version 2>&1), interop/requirements-nemo-gym.txt)"
venv_build "$VENV" "$REQ" "$PY"
venv_done "$VENV" "$REQ"
