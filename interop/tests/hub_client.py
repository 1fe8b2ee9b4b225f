"""The Python side of the Hub interop tests, run as its own process.

``huggingface_hub`` reads ``HF_ENDPOINT``, ``HF_HOME`` and ``HF_HUB_OFFLINE`` once, when it is imported,
so each scenario runs here in a fresh interpreter with the environment a user would have set:

    python hub_client.py job.json out.json

``job.json`` is a list of steps ``{"op": ..., ...}``; ``out.json`` gets one result per step: the value,
or ``{"error": type, "message": ...}`` when the step raised (every step runs).
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import sys
from pathlib import Path


def to_json(value):
    """A value ``datasets`` returned, as JSON: datetimes, dates and times by ``isoformat()`` (pandas'
    Timestamp keeps its nanoseconds), bytes as base64; everything else as ``json`` has it."""
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def json_line(row) -> str:
    return json.dumps(to_json(row), ensure_ascii=False)


def _rows(step):
    import datasets

    kwargs = {k: step[k] for k in ("split", "revision", "data_files", "streaming") if step.get(k) is not None}
    ds = datasets.load_dataset(step["path"], step.get("config"), **kwargs)
    if step.get("streaming"):
        rows = list(ds)
        features = ds.features.to_dict() if ds.features else None
    else:
        rows = ds.to_list()
        features = ds.features.to_dict()
    return {"rows": [json_line(r) for r in rows], "features": features}


def _hub(step):
    import huggingface_hub as hf

    api = hf.HfApi()
    kind = step["call"]
    repo, rev = step.get("repo"), step.get("revision")
    if kind == "list_repo_files":
        return api.list_repo_files(repo, repo_type="dataset", revision=rev)
    if kind == "dataset_info":
        info = api.dataset_info(repo, revision=rev, files_metadata=step.get("files_metadata", False))
        return {"id": info.id, "sha": info.sha, "private": info.private, "gated": info.gated,
                "siblings": [{"rfilename": s.rfilename, "size": s.size,
                              "lfs_sha256": s.lfs.sha256 if s.lfs else None} for s in info.siblings or []]}
    if kind == "hf_hub_download":
        p = Path(hf.hf_hub_download(repo, step["filename"], repo_type="dataset", revision=rev))
        return {"path": str(p), "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
    if kind == "snapshot_download":
        kw = {"allow_patterns": step["allow_patterns"]} if step.get("allow_patterns") else {}
        folder = Path(hf.snapshot_download(repo, repo_type="dataset", revision=rev, **kw))
        return {"path": str(folder), "files": {str(f.relative_to(folder)): hashlib.sha256(f.read_bytes()).hexdigest()
                                               for f in sorted(folder.rglob("*")) if f.is_file()}}
    raise ValueError(f"unknown hub call {kind!r}")


def _card(step):
    """A dataset card as huggingface_hub parses it, with its dataset_info as datasets reads it."""
    import huggingface_hub as hf
    from datasets.info import DatasetInfosDict

    card = hf.DatasetCard.load(step["path"])
    data = card.data.to_dict()
    infos = DatasetInfosDict.from_dataset_card_data(card.data)
    info = infos[next(iter(infos))]
    return {"configs": data.get("configs"), "tags": data.get("tags"), "features": info.features.to_dict(),
            "splits": data["dataset_info"]["splits"], "text": card.text}


def run(steps):
    out = []
    for step in steps:
        try:
            if step["op"] == "rows":
                out.append(_rows(step))
            elif step["op"] == "hub":
                out.append(_hub(step))
            elif step["op"] == "card":
                out.append(_card(step))
            else:
                raise ValueError(f"unknown op {step['op']!r}")
        except Exception as e:  # reported to the test, which decides what an error means
            out.append({"error": type(e).__name__, "message": str(e)})
    return out


if __name__ == "__main__":
    job, result = Path(sys.argv[1]), Path(sys.argv[2])
    result.write_text(json.dumps(run(json.loads(job.read_text()))), encoding="utf-8")
