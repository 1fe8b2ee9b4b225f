"""Plugboard's built-in ``math`` reward against Python ``math-verify`` 0.9.0 on the same (completion, reference) pairs.

Pairs (``math_pairs.py``): every one of the 4,500 MATH test rows (math-dev) with its reference boxed, then 2,500
sampled with seed 11 from equivalent rewrites (``a/b``, ``\\dfrac``, a decimal, spacing, ``\\left(``, reordered
list elements, ``x =``, units, other phrasings) and wrong answers (another row's reference, off by one, a flipped
sign, a dropped list element). Plugboard scores them in-process through ``MathScoreLines`` (one JVM, the same
``BuiltinRewards`` scorer ``plugboard rewards serve math`` uses); math-verify scores them with ``parse`` /
``verify`` and a 5 s timeout per call, in two worker processes. docs/rewards.md lists the disagreements.
"""
from __future__ import annotations

import json
import subprocess
from collections import Counter
from multiprocessing import get_context
from pathlib import Path

import pytest

import math_pairs
from plugboard_process import CORPUS, JAR

MATH_DEV = CORPUS / "math-dev" / "test.jsonl"
SEED = 11
OTHERS = 2500


_GOLD: dict = {}


def math_verify_score(pair: dict) -> int:
    """1 or 0 from math-verify; -1 when it raised. Each worker parses a reference once."""
    from math_verify import parse, verify

    try:
        gold = _GOLD.get(pair["answer"])
        if gold is None:
            gold = _GOLD[pair["answer"]] = parse("$" + pair["answer"] + "$", parsing_timeout=5)
        target = parse(pair["completion"], parsing_timeout=5)
        return 1 if verify(gold, target, timeout_seconds=5) else 0
    except Exception:  # noqa: BLE001 - math-verify's own failures count as a 0 it did not give
        return -1


def plugboard_scores(pairs: list[dict], work: Path) -> list[dict]:
    path = work / "pairs.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for p in pairs:
            f.write(json.dumps({"completion": p["completion"], "answer": p["answer"]}) + "\n")
    run = subprocess.run(["java", "-cp", str(JAR), "io.plugboard.rewards.builtin.MathScoreLines", str(path)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return [json.loads(line) for line in run.stdout.splitlines()]


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    if not JAR.is_file():
        pytest.fail(f"{JAR} is missing: build with mvn -B -ntp -DskipTests package first")
    pairs = math_pairs.pairs(MATH_DEV, seed=SEED, others=OTHERS)
    ours = plugboard_scores(pairs, tmp_path_factory.mktemp("math"))
    # pairs of one row in one chunk, so that each worker parses a reference once
    order = sorted(range(len(pairs)), key=lambda i: pairs[i]["row"])
    with get_context("fork").Pool(2) as pool:
        scores = pool.map(math_verify_score, [pairs[i] for i in order], chunksize=100)
    theirs = [0] * len(pairs)
    for i, s in zip(order, scores):
        theirs[i] = s
    return pairs, ours, theirs


def problems(pairs: list[dict], ours: list[dict], theirs: list[int]) -> list[str]:
    """What breaks the contract: errors, a boxed reference not scored 1, agreement under 99.5 %, a wrong answer we accept and math-verify rejects."""
    out = []
    if len(ours) != len(pairs):
        return [f"{len(ours)} scores for {len(pairs)} pairs"]
    errors = [(p["answer"], o) for p, o in zip(pairs, ours) if o["status"] != "ok"]
    if errors:
        out.append(f"{len(errors)} pairs got status error, e.g. {errors[:3]}")
    boxed = [(p["answer"], o.get("value")) for p, o in zip(pairs, ours) if p["kind"] == "boxed_ref" and o.get("value") != 1.0]
    if boxed:
        out.append(f"{len(boxed)} boxed references not scored 1, e.g. {boxed[:5]}")
    agree = sum(1 for o, t in zip(ours, theirs) if o.get("value") == t)
    if agree < 0.995 * len(pairs):
        out.append(f"agreement {agree}/{len(pairs)} = {agree / len(pairs):.4f} < 0.995")
    false_pos = [(p["answer"], p["completion"]) for p, o, t in zip(pairs, ours, theirs)
                 if p["kind"].startswith("wrong_") and o.get("value") == 1.0 and t == 0]
    if false_pos:
        out.append(f"{len(false_pos)} wrong answers scored 1 that math-verify scores 0, e.g. {false_pos[:5]}")
    return out


def test_math_reward_agrees_with_math_verify(scored):
    pairs, ours, theirs = scored
    assert len(pairs) == 4500 + OTHERS
    assert sum(1 for p in pairs if p["kind"] == "boxed_ref") == 4500
    kinds = Counter(p["kind"] for p in pairs)
    assert all(kinds[k] > 0 for k in ("slash", "dfrac", "decimal", "x_prefix", "units", "wrong_other_row",
                                       "wrong_off_by_one", "wrong_sign")), kinds
    disagreements = Counter((p["kind"], o.get("value"), t) for p, o, t in zip(pairs, ours, theirs) if o.get("value") != t)
    agree = len(pairs) - sum(disagreements.values())
    print(f"\nmath vs math-verify: {agree}/{len(pairs)} agree ({agree / len(pairs):.2%}); "
          f"disagreements (kind, ours, math-verify): {dict(disagreements)}")
    assert problems(pairs, ours, theirs) == []
    # math-verify itself scores every boxed reference 1: the pairs are fair to both sides
    assert all(t == 1 for p, t in zip(pairs, theirs) if p["kind"] == "boxed_ref")


def test_the_checks_catch_a_broken_scorer(scored):
    pairs, ours, theirs = scored
    # accepting every answer: wrong answers scored 1, agreement collapses
    yes = [{"status": "ok", "value": 1.0} for _ in pairs]
    found = problems(pairs, yes, theirs)
    assert any("agreement" in f for f in found) and any("wrong answers scored 1" in f for f in found), found
    # rejecting one boxed reference, erroring on another
    broken = list(ours)
    first = next(i for i, p in enumerate(pairs) if p["kind"] == "boxed_ref")
    broken[first] = {"status": "ok", "value": 0.0}
    broken[first + 1] = {"status": "error", "code": "timeout"}
    found = problems(pairs, broken, theirs)
    assert any("boxed references not scored 1" in f for f in found) and any("status error" in f for f in found), found


# Hand-written pairs where the two sides differ on purpose, as docs/rewards.md says: (reference, boxed answer,
# Plugboard's score, math-verify's score). The test fails when either side changes its mind, so the docs stay true.
DOCUMENTED = [
    ("(2, \\infty)", "x > 2", 1, 0),            # the same set; math-verify compares a relation with a set only one way
    ("[-1, 3)", "-1 \\le x < 3", 1, 0),
    ("x", "\\sqrt{x^2}", 1, 0),                 # Plugboard's points have a positive real part: a known limit
    ("(1,2)", "\\{1,2\\}", 0, 1),               # an ordered pair is not a set
    ("1,2", "(1,2)", 0, 1),                     # a list of two answers is not a point
    ("e^{i\\pi}", "-1", 1, 0),                  # Euler's identity
    ("(3,-4)", "[3, -4]", 0, 1),                # math-verify reads both as the tuple (3, -4)
    ("4130_5", "4130_6", 0, 1),                 # math-verify drops the base
    ("\\frac{1}{2004!}", "\\frac{1}{2005!}", 0, 1),  # math-verify's 15-digit check chops both to 0
    # and agreements near them
    ("x > 2", "(2, \\infty)", 1, 1),
    ("\\mathbb{R}", "(-\\infty, \\infty)", 1, 1),
    ("\\frac{7}{2}", "3\\frac12", 1, 1),
    ("x=1, y=2", "x=2, y=1", 0, 0),
    ("0.2", "2e-1", 0, 0),
    ("\\{1,2\\}", "2,1", 1, 1),
    ("\\sqrt{2}", "1.414214", 1, 1),
    ("\\frac{1}{3}", "0.3333", 0, 0),
    ("50", "50\\%", 1, 1),
]


def test_the_documented_disagreements_are_still_the_ones_seen(tmp_path):
    pairs = [{"answer": a, "completion": "\\boxed{" + c + "}"} for a, c, _, _ in DOCUMENTED]
    ours = plugboard_scores(pairs, tmp_path)
    seen = [(a, c, o.get("value"), math_verify_score(p)) for (a, c, _, _), o, p in zip(DOCUMENTED, ours, pairs)]
    assert seen == [(a, c, float(x), y) for a, c, x, y in DOCUMENTED]
