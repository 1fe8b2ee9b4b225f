"""Lays out the corpus's real Hub files (``../shared/corpus``) as dataset repos the Hub emulator serves.

Each repo keeps the files the Hub has (card, ``.gitattributes``, data files) at their Hub paths; other
refs go under ``.hub/refs/...`` as ``plugboard hub serve`` expects (docs/datasets.md). A generated repo
(``plugboard/type-zoo``, written by ``datasets`` and ``pyarrow`` themselves) adds the column types the
corpus lacks: int64 with nulls, float32/float64, list<struct>, nested structs, timestamps and dates,
strings that begin with a byte-order mark, in Parquet, JSON Lines and CSV.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from plugboard_process import CORPUS


@dataclass(frozen=True)
class Case:
    """One ``load_dataset(repo, config, split=..., revision=...)`` the emulator can serve."""

    repo: str
    config: Optional[str]
    split: str
    revision: Optional[str] = None
    rows: Optional[int] = None  # the row count datasets reports (checked on both sides)

    @property
    def id(self) -> str:
        rev = f"@{self.revision}" if self.revision else ""
        return f"{self.repo}{rev}:{self.config or '-'}:{self.split}"


def _copy(rel: str, to: Path) -> None:
    to.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CORPUS / rel, to)


def build(root: Path) -> Path:
    """Lays out every corpus dataset repo with data files under ``root/datasets``; returns ``root``."""
    ds = root / "datasets"
    gsm = ds / "openai" / "gsm8k"
    for rel in ["README.md", ".gitattributes", "main/test-00000-of-00001.parquet",
                "main/train-00000-of-00001.parquet", "socratic/test-00000-of-00001.parquet"]:
        _copy(f"parquet/hub-openai-gsm8k/{rel}", gsm / rel)

    fka = ds / "fka" / "awesome-chatgpt-prompts"
    _copy("parquet/convert-parquet-fka-awesome-chatgpt-prompts/main-branch/README.md", fka / "README.md")
    _copy("parquet/convert-parquet-fka-awesome-chatgpt-prompts/main-branch/prompts.csv", fka / "prompts.csv")
    conv = fka / ".hub" / "refs" / "convert" / "parquet"
    _copy("parquet/convert-parquet-fka-awesome-chatgpt-prompts/.gitattributes", conv / ".gitattributes")
    _copy("parquet/convert-parquet-fka-awesome-chatgpt-prompts/default/train/0000.parquet",
          conv / "default" / "train" / "0000.parquet")
    # the pre-2023 refs/convert/parquet layout (<owner>--<name>/csv-train.parquet), as its own repo's main
    legacy = ds / "fka" / "awesome-chatgpt-prompts-legacy-parquet"
    _copy("parquet/convert-parquet-fka-awesome-chatgpt-prompts/.gitattributes", legacy / ".gitattributes")
    _copy("parquet/convert-parquet-fka-awesome-chatgpt-prompts/legacy-layout-2023-04/fka--awesome-chatgpt-prompts/"
          "csv-train.parquet", legacy / "fka--awesome-chatgpt-prompts" / "csv-train.parquet")

    gsm_jsonl = ds / "openai" / "grade-school-math"
    for name in ["test.jsonl", "test_socratic.jsonl"]:
        _copy(f"jsonl/openai-grade-school-math/{name}", gsm_jsonl / "grade_school_math" / "data" / name)

    math_dev = ds / "plugboard" / "math-dev"
    _copy("math-dev/test.jsonl", math_dev / "test.jsonl")
    _copy("math-dev/README.md", math_dev / "NOTES.md")

    write_type_zoos(ds / "plugboard")
    return root


# every repo and split above, with the row count `datasets` reports for it
CASES = [
    Case("openai/gsm8k", "main", "test", rows=1319),
    Case("openai/gsm8k", "main", "train", rows=7473),
    Case("fka/awesome-chatgpt-prompts", None, "train", rows=203),
    Case("fka/awesome-chatgpt-prompts", None, "train", revision="refs/convert/parquet", rows=203),
    Case("fka/awesome-chatgpt-prompts-legacy-parquet", None, "train", rows=153),
    Case("openai/grade-school-math", None, "test", rows=2638),
    Case("plugboard/math-dev", None, "test", rows=4500),
    Case("plugboard/type-zoo", None, "train", rows=6),
    Case("plugboard/type-zoo", None, "test", rows=3),
    Case("plugboard/arrow-types", None, "train", rows=4),
    Case("plugboard/type-zoo-jsonl", None, "train", rows=6),
    Case("plugboard/type-zoo-csv", None, "train", rows=6),
    Case("plugboard/mixed-formats", "parquet", "train", rows=6),
]

BOM = "\ufeff"


def zoo_rows() -> list[dict]:
    """Rows exercising the types the corpus lacks; written to Parquet by ``datasets`` itself."""
    base = dt.datetime(2024, 2, 29, 23, 59, 58, 123456)
    whens = [base, dt.datetime(2024, 1, 1), dt.datetime(1999, 12, 31, 23, 59, 0, 500000), None,
             dt.datetime(1969, 7, 20, 20, 17, 40, 1000), dt.datetime(2038, 1, 19, 3, 14, 8, 7), base, base]
    rows = []
    for i in range(9):
        rows.append({
            "id": 2 ** 40 + i,
            "maybe": None if i % 3 == 0 else -i,
            "score": [0.1, 1.0, -2.5, 1e-300, 3.0, 12345678.9, 0.0, -0.0, 1e22][i],
            "ratio": [0.1, 0.5, 1.0, 2.2, -1.5, 0.0, 3.25, 7.0, 1e-8][i],
            "flag": i % 2 == 0,
            "text": [BOM + "starts with a BOM", "plain", BOM, "", "naïve 日本語 ✓", "tab\there", "line\nbreak",
                     BOM + BOM + "two", "\u2028sep"][i],
            "label": i % 3,
            "messages": [] if i == 1 else [{"role": "user", "content": f"q{i}"},
                                           {"role": "assistant", "content": None if i == 2 else BOM + f"a{i}"}],
            "meta": {"source": None if i == 4 else f"src-{i}", "stats": {"n": i, "p": i / 4}, "tags": ["x"] * (i % 3)},
            "when": whens[i % len(whens)],
            "when_utc": (base + dt.timedelta(hours=i, seconds=-58 * (i % 2))).replace(tzinfo=dt.timezone.utc),
            "when_paris": (base + dt.timedelta(days=120 * i)).replace(microsecond=123000 * (i % 2), tzinfo=dt.timezone.utc),
            "day": dt.date(1969, 12, 31) + dt.timedelta(days=1000 * i),
            "nested": [[i, i + 1], [], [None]] if i % 2 else None,
        })
    return rows


def write_type_zoos(org: Path) -> None:
    """Repos of generated rows (see the module docstring), each laid out the way a Hub user would."""
    import datasets  # the writer under test is datasets' own
    import pyarrow as pa
    import pyarrow.parquet as pq

    features = datasets.Features({
        "id": datasets.Value("int64"),
        "maybe": datasets.Value("int64"),
        "score": datasets.Value("float64"),
        "ratio": datasets.Value("float32"),
        "flag": datasets.Value("bool"),
        "text": datasets.Value("string"),
        "label": datasets.ClassLabel(names=["neg", "neu", "pos"]),
        "messages": datasets.List({"role": datasets.Value("string"), "content": datasets.Value("string")}),
        "meta": {"source": datasets.Value("string"),
                 "stats": {"n": datasets.Value("int32"), "p": datasets.Value("float64")},
                 "tags": datasets.List(datasets.Value("string"))},
        "when": datasets.Value("timestamp[us]"),
        "when_utc": datasets.Value("timestamp[ns, tz=UTC]"),
        "when_paris": datasets.Value("timestamp[ms, tz=Europe/Paris]"),
        "day": datasets.Value("date32"),
        "nested": datasets.List(datasets.List(datasets.Value("int64"))),
    })
    rows = zoo_rows()
    # push_to_hub's layout, no YAML: the default patterns find data/{split}-NNNNN-of-NNNNN.parquet
    zoo = org / "type-zoo"
    (zoo / "data").mkdir(parents=True, exist_ok=True)
    for split, part in [("train", rows[:6]), ("test", rows[6:])]:
        datasets.Dataset.from_list(part, features=features).to_parquet(
            str(zoo / "data" / f"{split}-00000-of-00001.parquet"))

    # plain pyarrow (no `huggingface` metadata): every timestamp unit, nanoseconds, time, binary, small ints
    arrow = org / "arrow-types"
    arrow.mkdir(parents=True, exist_ok=True)
    ns = [1709251198123456789, 1704067200000000000, -1, 0]
    table = pa.table({
        "ts_s": pa.array([v // 10 ** 9 for v in ns], pa.timestamp("s")),
        "ts_ms": pa.array([v // 10 ** 6 for v in ns], pa.timestamp("ms")),
        "ts_us_utc": pa.array([v // 10 ** 3 for v in ns], pa.timestamp("us", tz="UTC")),
        "ts_ns": pa.array(ns, pa.timestamp("ns")),
        "t_us": pa.array([3723000001, 0, 86399999999, None], pa.time64("us")),
        "t_ms": pa.array([3723001, 0, 86399999, 5], pa.time32("ms")),
        "d": pa.array([19782, 0, -1, None], pa.date32()),
        "b": pa.array([b"\x00\xffab", b"", None, b"plain"], pa.binary()),
        "i8": pa.array([-128, 127, 0, None], pa.int8()),
        "u32": pa.array([0, 4294967295, 1, None], pa.uint32()),
        "u64": pa.array([0, 2 ** 64 - 1, 2 ** 63, None], pa.uint64()),
        "big": pa.array([2 ** 53 + 1, -(2 ** 63), 2 ** 63 - 1, None], pa.int64()),
        "ls": pa.array([BOM + "x", "y", None, ""], pa.large_string()),
        "dict": pa.array(["a", "b", "a", None]).dictionary_encode(),
        "lst": pa.array([[{"k": 1, "v": [0.5]}], [], None, [{"k": None, "v": None}]],
                        pa.list_(pa.struct([("k", pa.int32()), ("v", pa.list_(pa.float64()))]))),
    })
    pq.write_table(table, arrow / "train.parquet")

    plain_rows = rows[:6]
    jsonl = org / "type-zoo-jsonl"
    jsonl.mkdir(parents=True, exist_ok=True)
    with open(jsonl / "train.jsonl", "w", encoding="utf-8") as f:
        f.write(BOM)  # a file BOM, which readers skip, before a first value that itself starts with one
        for r in plain_rows:
            plain = {k: v for k, v in r.items() if k not in ("when", "when_utc", "when_paris", "day", "label")}
            plain["when"] = None if r["when"] is None else r["when"].isoformat()
            f.write(json.dumps(plain, ensure_ascii=False) + "\n")

    csv_repo = org / "type-zoo-csv"
    (csv_repo / "data").mkdir(parents=True, exist_ok=True)
    with open(csv_repo / "data" / "train.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "maybe", "score", "flag", "text", "when"])
        for r in plain_rows:
            w.writerow([r["id"], "" if r["maybe"] is None else r["maybe"], r["score"], r["flag"], r["text"],
                        "" if r["when"] is None else r["when"].isoformat(sep=" ")])

    # YAML configs in two formats: datasets infers ONE builder from the first config's files
    mixed = org / "mixed-formats"
    (mixed / "parquet").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(zoo / "data" / "train-00000-of-00001.parquet", mixed / "parquet" / "train-00000-of-00001.parquet")
    (mixed / "jsonl").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(jsonl / "train.jsonl", mixed / "jsonl" / "train.jsonl")
    (mixed / "README.md").write_text(
        "---\nconfigs:\n"
        "- config_name: parquet\n  data_files:\n  - split: train\n    path: parquet/train-*\n"
        "- config_name: jsonl\n  data_files:\n  - split: train\n    path: jsonl/train.jsonl\n"
        "---\n# mixed formats\n", encoding="utf-8")
