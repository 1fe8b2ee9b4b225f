"""``plugboard runs export`` output opens in Python: ``datasets.load_dataset(<folder>)``, the ``parquet``
builder on its data file, ``huggingface_hub.DatasetCard`` on its card, and the rows are the stored episodes.

The run is real: the Hub emulator serves the bundled gsm8k sample, the ``qa`` gateway serves its test split
with the ``math`` reward, and ``plugboard eval`` plays it with the ``oracle`` and ``null`` policies.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from test_datasets_hub import DEAD_ENDPOINT, python

RUN = "export-check"


def stored_episodes(store: Path, run: str) -> list[dict]:
    """The finished episodes of ``run``, read from the SQLite run store itself, as export rows."""
    with sqlite3.connect(store) as db:
        db.row_factory = sqlite3.Row
        rows = db.execute("SELECT * FROM harness_episodes WHERE run_id = ? AND state = 'done'"
                          " ORDER BY task_index, sample", (run,)).fetchall()
    out = []
    for r in rows:
        components = json.loads(r["components"]) if r["components"] else {}
        out.append({
            "run_id": r["run_id"], "task_index": r["task_index"], "sample": r["sample"], "task_id": r["task_id"],
            "dataset_revision": r["dataset_revision"], "reward": r["reward"],
            "reward_components": [{"name": k, "value": float(v)} for k, v in components.items()],
            "scoring_status": r["scoring_status"] or "unscored", "error": r["error"],
            "transcript": r["transcript"] or "[]", "steps": r["steps"], "latency_ms": r["latency_ms"],
            "started_at_ms": r["started_at"], "prompt_tokens": r["prompt_tokens"],
            "completion_tokens": r["completion_tokens"],
        })
    return out


def differences(exported: list[str], stored: list[dict]) -> list[str]:
    """Where the exported rows (JSON lines from datasets) and the stored episodes differ, as text."""
    rows = [json.loads(line) for line in exported]
    out = [f"{len(rows)} exported rows, {len(stored)} stored episodes"] if len(rows) != len(stored) else []
    for i, (e, s) in enumerate(zip(rows, stored)):
        if json.dumps(e) != json.dumps(s):
            out.append(f"row {i}: " + ", ".join(f"{k}={e.get(k)!r} vs stored {s.get(k)!r}"
                                                for k in dict.fromkeys([*e, *s]) if e.get(k) != s.get(k)))
    return out


def test_an_exported_run_loads_in_datasets_and_its_card_in_huggingface_hub(plugboard, home, tmp_path):
    endpoint = plugboard.hub()
    env = {"HF_ENDPOINT": endpoint}
    gateway = plugboard.start(["serve", "qa", "--dataset", "hf://datasets/openai/gsm8k", "--config", "main",
                               "--split", "test", "--reward", "math", "--host", "127.0.0.1", "--port", "0"], env=env)
    url = gateway.wait_for(r"Serving .* on (http://[\d.]+:\d+)").group(1)
    for policy, run in [("oracle", RUN), ("null", RUN + "-null")]:
        plugboard.run(["eval", url, "--policy", policy, "--dataset", "hf://datasets/openai/gsm8k", "--config", "main",
                       "--split", "test", "--limit", "6", "--samples", "2", "--run", run, "--json"], env=env,
                      check=policy == "oracle")
    out = tmp_path / "exported"
    plugboard.run(["runs", "export", RUN, "--out", str(out)])
    plugboard.stop_all()

    data_file = out / "data" / "test-00000-of-00001.parquet"
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == \
        ["README.md", "data/test-00000-of-00001.parquet"]
    card, by_folder, by_parquet = python([
        {"op": "card", "path": str(out / "README.md")},
        {"op": "rows", "path": str(out), "split": "test"},
        {"op": "rows", "path": "parquet", "data_files": str(data_file), "split": "train"},
    ], tmp_path / "py-hf", DEAD_ENDPOINT, tmp_path / "py", offline=True)

    stored = stored_episodes(home / "plugboard.db", RUN)
    assert len(stored) == 12 and all(s["reward"] == 1.0 for s in stored), "the oracle solves every task"
    assert "error" not in by_folder, by_folder
    assert differences(by_folder["rows"], stored) == []
    assert "error" not in by_parquet, by_parquet
    assert by_parquet["rows"] == by_folder["rows"]
    # the card's dataset_info is what datasets used: the declared features, the counted examples
    assert by_folder["features"] == card["features"]
    assert card["configs"] == [{"config_name": "default", "data_files": [{"split": "test", "path": "data/test-*"}]}]
    assert card["splits"] == [{"name": "test", "num_bytes": data_file.stat().st_size, "num_examples": 12}]
    assert {"plugboard", "openenv"} <= set(card["tags"])
    assert by_folder["features"]["reward_components"] == {"_type": "List", "feature": {
        "name": {"_type": "Value", "dtype": "string"}, "value": {"_type": "Value", "dtype": "float64"}}}
    transcript = json.loads(json.loads(by_folder["rows"][0])["transcript"])
    assert list(transcript[0]) == ["reset", "observation"] and transcript[-1]["done"] is True
    assert "the reset (`reset`, `observation`), then one entry per step" in card["text"]

    # the check is not vacuous: an episode changed in the store after the export is told apart ...
    with sqlite3.connect(home / "plugboard.db") as db:
        db.execute("UPDATE harness_episodes SET reward = 0.5 WHERE run_id = ? AND task_index = 3 AND sample = 1", (RUN,))
    changed = differences(by_folder["rows"], stored_episodes(home / "plugboard.db", RUN))
    assert changed == ["row 7: reward=1.0 vs stored 0.5"], changed
    assert differences(by_folder["rows"], stored_episodes(home / "plugboard.db", RUN + "-null"))
    # ... and a card whose counts disagree with the data is refused by datasets itself
    text = (out / "README.md").read_text(encoding="utf-8")
    (out / "README.md").write_text(text.replace("num_examples: 12", "num_examples: 13"), encoding="utf-8")
    [refused] = python([{"op": "rows", "path": str(out), "split": "test"}], tmp_path / "py-hf-2", DEAD_ENDPOINT,
                       tmp_path / "py", offline=True)
    assert refused["error"] in ("NonMatchingSplitsSizesError", "ExpectedMoreSplitsError"), refused
