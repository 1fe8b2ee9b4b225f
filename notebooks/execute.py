"""Execute the notebooks top to bottom with nbclient, and check or update their committed outputs.

    python notebooks/execute.py              # run every notebook; fail on a cell error or on outputs that differ
    python notebooks/execute.py --update     # run them and write the outputs into the notebooks (commit those)
    python notebooks/execute.py 03 05        # only these

Outputs are compared after normalising what changes from run to run (ports, temp paths, timings, run ids,
uuids, timestamps); images and HTML are compared by kind, not by bytes. The test suite runs the same
check (interop/tests/test_notebooks.py).
"""
from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parent
CELL_TIMEOUT = 240  # seconds; a cell waiting on a server that never answers fails instead of hanging

_VOLATILE = [
    (re.compile(r"127\.0\.0\.1:\d+"), "127.0.0.1:PORT"),
    (re.compile(r"localhost:\d+"), "localhost:PORT"),
    (re.compile(r"/tmp/[^\s'\"),\]}]+"), "<tmp>"),
    (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?"), "<time>"),
    (re.compile(r"\b(eval|gateway)-\d{8}[-T]\d{6}(-[0-9a-f]{4,6})?\b"), r"\1-<run>"),
    (re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"), "<uuid>"),
    (re.compile(r"\b\d+(\.\d+)? ?ms\b"), "N ms"),
    (re.compile(r"\b\d+\.\d+ ?s\b"), "N s"),
    (re.compile(r"\bpid \d+"), "pid N"),
]


def notebooks() -> list[Path]:
    """The notebooks, in order: notebooks/NN-*.ipynb."""
    return sorted(HERE.glob("[0-9][0-9]-*.ipynb"))


def _plain(text: str) -> str:
    """Without the colour codes of IPython tracebacks."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def normalise(text: str) -> str:
    for pattern, replacement in _VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def _output_text(output: dict) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        return f"[{output.get('name')}] " + normalise("".join(output.get("text", "")))
    if kind == "error":
        return f"[error] {output.get('ename')}: {normalise(output.get('evalue', ''))}"
    data = output.get("data", {})
    parts = []
    for mime in sorted(data):
        if mime == "text/plain":
            parts.append("[text/plain] " + normalise("".join(data[mime])))
        else:
            parts.append(f"[{mime}]")  # images and HTML: that they are there, not their bytes
    return "\n".join(parts)


def _merged_streams(outputs: list) -> list:
    """Consecutive stdout (or stderr) chunks as one: how a kernel splits a stream depends on timing."""
    merged: list = []
    for o in outputs:
        if o.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream" \
                and merged[-1].get("name") == o.get("name"):
            merged[-1] = {**merged[-1], "text": "".join(merged[-1]["text"]) + "".join(o["text"])}
        else:
            merged.append(o)
    return merged


def outputs(nb) -> list[str]:
    """Each code cell's source and its outputs, normalised, one string per cell."""
    cells = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        shown = "\n".join(_output_text(o) for o in _merged_streams(cell.get("outputs", [])))
        cells.append(f"--- cell {i}\n{cell.source}\n>>>\n{shown}")
    return cells


def differences(committed, fresh) -> str:
    """A unified diff of the normalised outputs ('' when a run produced the committed outputs)."""
    a, b = outputs(committed), outputs(fresh)
    if a == b:
        return ""
    return "\n".join(difflib.unified_diff("\n".join(a).splitlines(), "\n".join(b).splitlines(),
                                          "committed", "this run", lineterm=""))


def execute(path: Path, cwd: Path = HERE):
    """Runs a notebook top to bottom in a fresh python3 kernel; raises CellExecutionError on the first failing cell."""
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3",
                   resources={"metadata": {"path": str(cwd)}}).execute()
    for cell in nb.cells:  # keep the committed files free of per-run noise
        cell.get("metadata", {}).pop("execution", None)
    return nb


def _run(path: str) -> tuple[str, object, float]:
    start = time.monotonic()
    try:
        return path, execute(Path(path)), time.monotonic() - start
    except Exception as e:  # CellExecutionError carries the cell and the traceback
        return path, e, time.monotonic() - start


def execute_all(paths: list[Path], jobs: int = 3) -> dict[Path, tuple[object, float]]:
    """Executes notebooks in parallel (one kernel each); maps each path to (notebook or exception, seconds)."""
    with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(paths)))) as pool:
        return {Path(p): (nb, secs) for p, nb, secs in pool.map(_run, [str(p) for p in paths])}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--update", action="store_true", help="write the outputs of this run into the notebooks")
    parser.add_argument("--jobs", type=int, default=3, help="notebooks executed at once (default 3)")
    parser.add_argument("only", nargs="*", help="notebook numbers or names (default: all)")
    args = parser.parse_args(argv)
    paths = [p for p in notebooks() if not args.only or any(p.name.startswith(o) or p.name == o for o in args.only)]
    if not paths:
        print(f"no notebook matches {args.only}; notebooks: {[p.name for p in notebooks()]}", file=sys.stderr)
        return 2
    failed = 0
    for path, (result, secs) in execute_all(paths, args.jobs).items():
        if isinstance(result, Exception):
            failed += 1
            print(f"FAIL {path.name} ({secs:.0f} s): a cell raised\n{_plain(str(result))[-4000:]}", file=sys.stderr)
        elif args.update:
            nbformat.write(result, path)
            print(f"updated {path.name} ({secs:.0f} s)")
        else:
            diff = differences(nbformat.read(path, as_version=4), result)
            if diff:
                failed += 1
                print(f"FAIL {path.name} ({secs:.0f} s): the outputs differ from the committed ones "
                      f"(notebooks/run --update writes them)\n{diff}", file=sys.stderr)
            else:
                print(f"ok   {path.name} ({secs:.0f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
