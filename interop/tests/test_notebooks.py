"""The notebooks in notebooks/ run top to bottom with nbclient, and produce the outputs committed with them.

All notebooks execute at once (three kernels at a time) in one fixture; each test then looks at one result.
A broken copy (a renamed flag in one cell) must fail, and a hand-edited output must be caught.
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from nbclient.exceptions import CellExecutionError

from plugboard_process import ROOT

NOTEBOOKS = ROOT / "notebooks"
sys.path.insert(0, str(NOTEBOOKS))
import execute  # noqa: E402  notebooks/execute.py: the runner notebooks/run uses

NAMES = [p.name for p in execute.notebooks()]


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Every notebook executed once, with HOME pointing at an empty folder."""
    home = tmp_path_factory.mktemp("home")
    mp = pytest.MonkeyPatch()
    mp.setenv("HOME", str(home))
    try:
        yield execute.execute_all(execute.notebooks(), jobs=3)
    finally:
        mp.undo()


def test_the_five_notebooks_are_there_and_described():
    assert [n[:2] for n in NAMES] == ["01", "02", "03", "04", "05"], NAMES
    readme = (NOTEBOOKS / "README.md").read_text()
    for name in NAMES:
        assert name in readme, f"notebooks/README.md does not describe {name}"
        nb = nbformat.read(NOTEBOOKS / name, as_version=4)
        assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# "), name
        assert nb.metadata.kernelspec.name == "python3", name
        assert any(c.cell_type == "code" and c.outputs for c in nb.cells), f"{name} is committed without outputs"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_and_produces_its_committed_outputs(executed, name):
    result, seconds = executed[NOTEBOOKS / name]
    if isinstance(result, Exception):
        pytest.fail(f"{name} failed after {seconds:.0f} s: {execute._plain(str(result))[-3000:]}")
    diff = execute.differences(nbformat.read(NOTEBOOKS / name, as_version=4), result)
    assert not diff, f"{name}: the committed outputs are not the ones a run produces (notebooks/run --update):\n{diff}"


def test_a_renamed_flag_in_one_cell_fails_the_notebook(tmp_path):
    nb = nbformat.read(NOTEBOOKS / "01-serve-and-drive.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and '"serve", "echo"' in c.source)
    cell.source = cell.source.replace('"--port"', '"--prot"')
    broken = tmp_path / "01-broken.ipynb"
    nbformat.write(nb, broken)
    with pytest.raises(CellExecutionError) as failure:
        execute.execute(broken, cwd=NOTEBOOKS)
    message = execute._plain(str(failure.value))
    assert "--prot" in message and "did not start" in message, message[-2000:]


def test_a_hand_edited_output_is_caught():
    committed = nbformat.read(NOTEBOOKS / "05-evaluate.ipynb", as_version=4)
    edited = nbformat.read(NOTEBOOKS / "05-evaluate.ipynb", as_version=4)
    cell = next(c for c in edited.cells if c.cell_type == "code" and "pass@4" in "".join(
        o.get("text", "") for o in c.get("outputs", [])))
    stream = next(o for o in cell.outputs if "pass@4" in o.get("text", ""))
    stream.text = stream.text.replace("pass@4 0.8", "pass@4 0.9")
    assert "pass@4 0.9" in execute.differences(committed, edited)
    assert execute.differences(committed, committed) == ""
    # what changes from run to run does not count
    assert execute.normalise("on http://127.0.0.1:41234 in 12 ms, run eval-20261206-131703-c644") == \
        "on http://127.0.0.1:PORT in N ms, run eval-<run>"
