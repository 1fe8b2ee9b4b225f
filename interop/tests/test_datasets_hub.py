"""Python's ``datasets`` and ``huggingface_hub`` against ``plugboard hub serve``, and one cache both ways.

The emulator serves every dataset repo of ``../shared/corpus`` that has data files, plus generated repos
with the column types the corpus lacks (``hub_corpus.py``). For each, ``datasets.load_dataset`` must give
exactly the rows ``plugboard datasets rows --json`` prints: same count, and every row the same JSON text
(key order, ints vs floats, nulls, nesting, timestamps as ``isoformat()``, strings that begin with a BOM).
"""
from __future__ import annotations

import concurrent.futures
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Optional

import pytest

import hub_corpus
from hub_corpus import CASES, Case
from plugboard_process import Plugboard, free_port

HERE = Path(__file__).resolve().parent
DEAD_ENDPOINT = f"http://127.0.0.1:{free_port()}"  # nothing listens: proves a step needed no network


def python(steps: list[dict], hf_home: Path, endpoint: str, work: Path, offline: bool = False,
           extra: Optional[dict] = None) -> list:
    """Runs ``hub_client.py`` in a fresh interpreter with the HF_* environment a user would set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HF_")}
    env.update(HF_HOME=str(hf_home), HF_ENDPOINT=endpoint, HF_HUB_DISABLE_TELEMETRY="1",
               HF_HUB_DISABLE_PROGRESS_BARS="1", HF_DATASETS_DISABLE_PROGRESS_BARS="1")
    if offline:
        env["HF_HUB_OFFLINE"] = "1"
    env.update(extra or {})
    work.mkdir(parents=True, exist_ok=True)
    n = len(list(work.glob("job-*.json")))
    job, out = work / f"job-{n}.json", work / f"out-{n}.json"
    job.write_text(json.dumps(steps), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(HERE / "hub_client.py"), str(job), str(out)], env=env,
                          capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"hub_client.py failed:\n{proc.stderr[-4000:]}"
    return json.loads(out.read_text(encoding="utf-8"))


def rows_step(case: Case, **extra) -> dict:
    return {"op": "rows", "path": case.repo, "config": case.config, "split": case.split,
            "revision": case.revision, **extra}


def rows_args(case: Case, *more: str) -> list[str]:
    args = ["datasets", "rows", case.repo, "--split", case.split, *more]
    if case.config:
        args += ["--config", case.config]
    if case.revision:
        args += ["--revision", case.revision]
    return args


def canonical(line: str) -> str:
    """A JSON line as Python serialises the value it parses to (ints stay ints, 1.0 stays a float)."""
    return json.dumps(json.loads(line), ensure_ascii=False)


def plugboard_rows(pb: Plugboard, case: Case, env: dict) -> list[str]:
    out = pb.run(rows_args(case, "--limit", "-1", "--json"), env=env).stdout
    return [canonical(line) for line in out.split("\n") if line]  # not splitlines(): U+2028 is valid in JSON text


def plugboard_revision(pb: Plugboard, case: Case, env: dict) -> str:
    head = pb.run(rows_args(case, "--limit", "0"), env=env).stdout.split("\n")[0]
    return head.split(" @ ")[1].split(":")[0]


def row_mismatch(expected: list[str], actual: list[str]) -> Optional[str]:
    """None when both sides have the same rows, else where and how they first differ."""
    for i, (e, a) in enumerate(zip(expected, actual)):
        if e != a:
            ev, av = json.loads(e), json.loads(a)
            cols = [k for k in dict.fromkeys([*ev, *av])
                    if json.dumps(ev.get(k, "<missing>")) != json.dumps(av.get(k, "<missing>"))]
            detail = "; ".join(f"{k}: python {json.dumps(ev.get(k, '<missing>'), ensure_ascii=False)}"
                               f" vs plugboard {json.dumps(av.get(k, '<missing>'), ensure_ascii=False)}" for k in cols)
            return f"row {i} differs ({detail or 'column order'})"
    if len(expected) != len(actual):
        return f"python has {len(expected)} rows, plugboard {len(actual)}"
    return None


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The corpus repos laid out for the emulator, one emulator over them, and a launcher."""
    base = tmp_path_factory.mktemp("hub")
    root = hub_corpus.build(base / "root")
    home = base / "home"
    home.mkdir()
    pb = Plugboard(home)
    endpoint = pb.hub(root)
    yield SimpleNamespace(pb=pb, root=root, base=base, endpoint=endpoint, env={"HF_ENDPOINT": endpoint})
    pb.stop_all()


@pytest.fixture(scope="module")
def both_sides(served):
    """Every case loaded by Python (one interpreter, a fresh HF_HOME) and printed by Plugboard (3 at a time)."""
    py = python([rows_step(c) for c in CASES], served.base / "py-hf", served.endpoint, served.base / "py")
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        pb = list(pool.map(lambda c: plugboard_rows(served.pb, c, served.env), CASES))
    return {c.id: (p, b) for c, p, b in zip(CASES, py, pb)}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_load_dataset_gives_the_rows_plugboard_prints(both_sides, case):
    py, pb = both_sides[case.id]
    assert "error" not in py, f"datasets could not load {case.id}: {py}"
    assert len(py["rows"]) == case.rows, "datasets' own row count changed; update hub_corpus.CASES"
    assert len(pb) == case.rows
    assert row_mismatch(py["rows"], pb) is None, row_mismatch(py["rows"], pb)


def test_the_row_check_catches_what_a_broken_reader_would_print(both_sides):
    """The comparison above fails on each mistake a reader could make (shown on the type-zoo rows)."""
    py, pb = both_sides[Case("plugboard/type-zoo", None, "train").id]
    assert row_mismatch(py["rows"], pb) is None
    first = json.loads(pb[0])

    def broken(**changes) -> list[str]:
        return [json.dumps({**first, **changes}, ensure_ascii=False), *pb[1:]]

    assert "id: python 1099511627776 vs plugboard 1099511627776.0" in row_mismatch(py["rows"], broken(id=float(first["id"])))
    assert "+00:00" in row_mismatch(py["rows"], broken(when_utc=first["when_utc"].replace("+00:00", "Z")))
    assert "text:" in row_mismatch(py["rows"], broken(text=first["text"].lstrip(hub_corpus.BOM)))
    assert "score: python 0.1 vs plugboard null" in row_mismatch(py["rows"], broken(score=None))
    # a struct's fields in another order than the features list them
    assert "meta:" in row_mismatch(py["rows"], broken(meta={**first["meta"], "stats": {"p": 0.0, "n": 0}}))
    assert "messages:" in row_mismatch(py["rows"], broken(messages=first["messages"][:1]))
    assert row_mismatch(py["rows"], pb[:-1]) == f"python has {len(pb)} rows, plugboard {len(pb) - 1}"
    reordered = [json.dumps(dict(reversed(list(first.items()))), ensure_ascii=False), *pb[1:]]
    assert row_mismatch(py["rows"], reordered) == "row 0 differs (column order)"


def test_where_datasets_cannot_load_plugboard_refuses_or_reads_like_streaming(served):
    mixed = Case("plugboard/mixed-formats", "jsonl", "train")
    socratic = Case("openai/gsm8k", "socratic", "test")
    py_mixed, py_socratic, py_streamed = python(
        [rows_step(mixed), rows_step(socratic), rows_step(socratic, streaming=True)],
        served.base / "py-hf-refusals", served.endpoint, served.base / "py")
    # one builder per repo, inferred from the first config (parquet): datasets fails on the .jsonl file
    assert py_mixed["error"] == "ArrowInvalid", py_mixed
    refused = served.pb.run(rows_args(mixed, "--json"), env=served.env, check=False)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "datasets reads every config of a repository with the one builder it infers from the first config" \
           in refused.stderr
    # the corpus has no socratic/train file: a full load_dataset verifies every split and fails, while
    # Plugboard (like streaming=True) reads the split asked for; docs/datasets.md names this difference
    assert py_socratic["error"] == "NonMatchingSplitsSizesError", py_socratic
    assert row_mismatch(py_streamed["rows"], plugboard_rows(served.pb, socratic, served.env)) is None
    assert len(py_streamed["rows"]) == 1319


def test_huggingface_hub_lists_describes_and_downloads_from_the_emulator(served):
    gsm, fka = "openai/gsm8k", "fka/awesome-chatgpt-prompts"
    gsm_dir = served.root / "datasets" / "openai" / "gsm8k"
    files = sorted(str(f.relative_to(gsm_dir)) for f in gsm_dir.rglob("*") if f.is_file())
    sha256 = {f: hashlib.sha256((gsm_dir / f).read_bytes()).hexdigest() for f in files}
    parquet = "main/test-00000-of-00001.parquet"
    hf_home = served.base / "py-hf-hub"
    listed, converted, info, one, converted_file, snapshot = python([
        {"op": "hub", "call": "list_repo_files", "repo": gsm},
        {"op": "hub", "call": "list_repo_files", "repo": fka, "revision": "refs/convert/parquet"},
        {"op": "hub", "call": "dataset_info", "repo": gsm, "files_metadata": True},
        {"op": "hub", "call": "hf_hub_download", "repo": gsm, "filename": parquet},
        {"op": "hub", "call": "hf_hub_download", "repo": fka, "filename": "default/train/0000.parquet",
         "revision": "refs/convert/parquet"},
        {"op": "hub", "call": "snapshot_download", "repo": gsm},
    ], hf_home, served.endpoint, served.base / "py")
    assert sorted(listed) == files
    assert sorted(converted) == [".gitattributes", "default/train/0000.parquet"]

    revision = plugboard_revision(served.pb, Case(gsm, "main", "test"), served.env)
    assert info["id"] == gsm and info["sha"] == revision and info["private"] is False
    siblings = {s["rfilename"]: s for s in info["siblings"]}
    assert sorted(siblings) == files
    for f in files:
        assert siblings[f]["size"] == (gsm_dir / f).stat().st_size, f
        # .gitattributes sends *.parquet to LFS: those carry their sha256, the card and .gitattributes do not
        assert siblings[f]["lfs_sha256"] == (sha256[f] if f.endswith(".parquet") else None), f

    assert one["sha256"] == sha256[parquet]
    assert one["path"] == str(hf_home / "hub" / "datasets--openai--gsm8k" / "snapshots" / revision / parquet)
    corpus_parquet = hub_corpus.CORPUS / "parquet/convert-parquet-fka-awesome-chatgpt-prompts/default/train/0000.parquet"
    assert converted_file["sha256"] == hashlib.sha256(corpus_parquet.read_bytes()).hexdigest()
    assert snapshot["files"] == sha256
    assert snapshot["path"] == str(hf_home / "hub" / "datasets--openai--gsm8k" / "snapshots" / revision)


ONE_CACHE = [Case("openai/gsm8k", "main", "test"), Case("openai/gsm8k", "main", "train"),
             Case("fka/awesome-chatgpt-prompts", None, "train"), Case("plugboard/type-zoo", None, "train"),
             Case("plugboard/type-zoo", None, "test")]


def cache_layout(hub_cache: Path, repo_folder: str) -> dict[str, object]:
    """refs, tree listings, snapshot links (and their targets) and blobs of one repo in a hub cache."""
    repo = hub_cache / repo_folder
    out: dict[str, object] = {}
    for p in sorted(repo.rglob("*")):
        rel = str(p.relative_to(repo))
        if rel.startswith("refs/") and p.is_file():
            out[rel] = p.read_text()
        elif rel.startswith("trees/"):
            out[rel] = json.loads(p.read_text())
        elif rel.startswith("snapshots/") and p.is_symlink():
            out[rel] = os.readlink(p)
        elif rel.startswith("blobs/"):
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def test_a_cache_python_filled_serves_plugboard_offline(served, plugboard, tmp_path):
    """Python downloads into a fresh HF_HOME; the emulator stops; HF_HUB_OFFLINE=1 plugboard reads the same rows."""
    endpoint = plugboard.hub(served.root)
    hf_home = tmp_path / "hf"
    online = python([rows_step(c) for c in ONE_CACHE], hf_home, endpoint, tmp_path)
    plugboard.stop_all()

    offline = {"HF_HOME": str(hf_home), "HF_HUB_OFFLINE": "1", "HF_ENDPOINT": endpoint}
    for case, py in zip(ONE_CACHE, online):
        assert row_mismatch(py["rows"], plugboard_rows(plugboard, case, offline)) is None, case.id
    # a config whose files Python did not download is missing from the cache (exit 1), not from the dataset
    missing = plugboard.run(rows_args(Case("openai/gsm8k", "socratic", "test")), env=offline, check=False)
    assert missing.returncode == 1, missing.stderr
    assert "Offline mode (HF_HUB_OFFLINE=1): the cache at" in missing.stderr and "holds only some files" in missing.stderr
    # offline, datasets itself loads a repo id only from its Arrow cache, not from this hub cache it filled
    [by_repo_id] = python([rows_step(ONE_CACHE[0])], hf_home, DEAD_ENDPOINT, tmp_path, offline=True,
                          extra={"HF_DATASETS_CACHE": str(tmp_path / "empty-datasets-cache")})
    assert by_repo_id["error"] == "ConnectionError" and "Couldn't reach 'openai/gsm8k'" in by_repo_id["message"]


def test_a_cache_plugboard_pulled_serves_python_offline(served, plugboard, tmp_path):
    """plugboard datasets pull into a fresh HF_HOME; the emulator stops; offline huggingface_hub finds every
    file (refs, snapshots, blobs) and datasets reads them, with no server to download from."""
    endpoint = plugboard.hub(served.root)
    pb_home, py_home = tmp_path / "pb-hf", tmp_path / "py-hf"
    env = {"HF_HOME": str(pb_home), "HF_ENDPOINT": endpoint}
    plugboard.run(["datasets", "pull", "openai/gsm8k", "--config", "main"], env=env)
    plugboard.run(["datasets", "pull", "fka/awesome-chatgpt-prompts"], env=env)
    expected = {c.id: plugboard_rows(plugboard, c, env) for c in ONE_CACHE[:3]}
    # the same files fetched by huggingface_hub itself, to compare the two caches' layout
    gsm_files = ["README.md", "main/test-00000-of-00001.parquet", "main/train-00000-of-00001.parquet"]
    main_only = {"op": "hub", "call": "snapshot_download", "repo": "openai/gsm8k", "allow_patterns": ["README.md", "main/*"]}
    python([main_only], py_home, endpoint, tmp_path)
    plugboard.stop_all()

    layout = cache_layout(pb_home / "hub", "datasets--openai--gsm8k")
    assert layout == cache_layout(py_home / "hub", "datasets--openai--gsm8k")
    assert set(layout) >= {"refs/main", *(f"snapshots/{layout['refs/main']}/{f}" for f in gsm_files)}

    steps = [{"op": "hub", "call": "hf_hub_download", "repo": "openai/gsm8k", "filename": f} for f in gsm_files]
    steps += [{"op": "hub", "call": "hf_hub_download", "repo": "fka/awesome-chatgpt-prompts", "filename": "prompts.csv"},
              main_only,  # a whole-repo snapshot_download offline refuses: the listing shows socratic/ missing
              {"op": "hub", "call": "snapshot_download", "repo": "fka/awesome-chatgpt-prompts"},
              rows_step(Case("openai/gsm8k", "main", "test"))]
    *downloads, gsm_snapshot, fka_snapshot, by_repo_id = python(steps, pb_home, DEAD_ENDPOINT, tmp_path, offline=True)
    for step, got in zip(steps, downloads):
        assert "error" not in got, f"{step['filename']}: {got}"
        assert got["path"].startswith(str(pb_home / "hub")), got
    gsm_dir = served.root / "datasets" / "openai" / "gsm8k"
    assert [d["sha256"] for d in downloads[:3]] == [hashlib.sha256((gsm_dir / f).read_bytes()).hexdigest()
                                                    for f in gsm_files]
    assert sorted(gsm_snapshot["files"]) == gsm_files

    # offline, datasets loads a repo id only from its own Arrow cache (HF_DATASETS_CACHE), never from the hub
    # cache, whoever filled it; the snapshot folder is how Python reads a hub cache offline
    assert by_repo_id["error"] == "ConnectionError" and "Couldn't reach 'openai/gsm8k'" in by_repo_id["message"]
    local = [Case(gsm_snapshot["path"], "main", "test"), Case(gsm_snapshot["path"], "main", "train"),
             Case(fka_snapshot["path"], None, "train")]
    results = python([rows_step(c) for c in local], pb_home, DEAD_ENDPOINT, tmp_path, offline=True)
    for case, py in zip(ONE_CACHE[:3], results):
        assert "error" not in py, f"{case.id}: {py}"
        assert row_mismatch(py["rows"], expected[case.id]) is None, case.id
