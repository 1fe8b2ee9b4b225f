"""(completion, reference) pairs over the MATH test split (math-dev) for the ``math`` reward's differential test and bench.

Every row's reference boxed; equivalent rewrites (``\\frac{a}{b}`` as ``a/b``, ``\\dfrac`` and a decimal, spacing,
``\\left(``, reordered list elements, an ``x =`` prefix, units, other answer phrasings) and wrong answers (another
row's reference, off by one, a flipped sign, a dropped list element). Deterministic for a given seed.
"""
from __future__ import annotations

import json
import random
import re
from fractions import Fraction
from pathlib import Path

FRAC = re.compile(r"^(-?)\\[dt]?frac\{(\d+)\}\{(\d+)\}$")
INT = re.compile(r"^-?\d+$")
LAST_INT = re.compile(r"(\d+)(?!.*\d)")


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def boxed(answer: str) -> str:
    return f"Putting it together, the answer is $\\boxed{{{answer}}}$."


def top_level_items(answer: str) -> list[str] | None:
    """The comma-separated items of a bare list (not inside brackets), or None."""
    depth, items, cur = 0, [], ""
    for ch in answer:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == "," and depth == 0:
            items.append(cur)
            cur = ""
        else:
            cur += ch
    items.append(cur)
    if len(items) < 2 or any(not i.strip() for i in items) or "\\!" in answer or "\\text" in answer or "\\," in answer:
        return None
    if all(re.fullmatch(r"\s*\d{3}\s*", i) for i in items[1:]):
        return None  # a thousands separator
    return [i.strip() for i in items]


def rewrites(answer: str) -> list[tuple[str, str]]:
    """Equivalent completions for one reference: (kind, completion)."""
    out = []
    a = answer.strip()
    m = FRAC.match(a)
    if m:
        sign, p, q = m.group(1), int(m.group(2)), int(m.group(3))
        out.append(("slash", boxed(f"{sign}{p}/{q}")))
        out.append(("dfrac", boxed(f"{sign}\\dfrac{{{p}}}{{{q}}}")))
        f = Fraction(p, q)
        d = f.denominator
        while d % 2 == 0:
            d //= 2
        while d % 5 == 0:
            d //= 5
        if d == 1 and q != 0:
            dec = format(float(f), ".10f").rstrip("0").rstrip(".")
            out.append(("decimal", boxed(sign + dec)))
        elif q != 0:
            out.append(("decimal6", boxed(sign + format(float(f), ".6f"))))
    if INT.match(a):
        out.append(("units", boxed(f"{a}\\text{{ units}}")))
        out.append(("answer_is", f"So the final answer is {a}."))
        out.append(("x_prefix", boxed(f"x = {a}")))
    if a.startswith("(") and a.endswith(")") and "left" not in a:
        out.append(("left_right", boxed("\\left" + a[:-1] + "\\right)")))
    items = top_level_items(a)
    if items and not a.startswith(("(", "[", "\\{")) and "=" not in a:
        out.append(("reordered", boxed(", ".join(reversed(items)))))
    spaced = re.sub(r"\s*([-+=,()^{}])\s*", r"\1", a) if "\\text" not in a and "\\begin" not in a else None
    if spaced and spaced != a and re.fullmatch(r"[-+*/^(){}\\a-zA-Z0-9 ,.]+", a):
        out.append(("spacing", boxed(spaced)))
    if "pmatrix" in a:
        out.append(("bmatrix", boxed(a.replace("pmatrix", "bmatrix"))))
    m = re.fullmatch(r"(\d+)\s*(\\sqrt\{?\d+\}?|\\pi)", a)
    if m:
        out.append(("cdot", boxed(f"{m.group(1)} \\cdot {m.group(2)}")))
    m = re.fullmatch(r"\\text\{([A-Za-z ]+)\}", a)
    if m:
        out.append(("text_bare", boxed(m.group(1))))
    if re.fullmatch(r"[-+0-9a-z^{}\\ ]+", a) and len(a) < 40:
        out.append(("dollars", f"We get ${a}$ as the final answer."))
    return out


def wrongs(answer: str, other: str) -> list[tuple[str, str]]:
    """Wrong completions for one reference: (kind, completion)."""
    out = [("other_row", boxed(other))]
    a = answer.strip()
    if LAST_INT.search(a) and "\\begin" not in a:
        out.append(("off_by_one", boxed(LAST_INT.sub(lambda m: str(int(m.group(1)) + 1), a, count=1))))
    if INT.match(a) and a.lstrip("-") != "0":
        out.append(("sign", boxed(a[1:] if a.startswith("-") else "-" + a)))
    elif FRAC.match(a):
        out.append(("sign", boxed(a[1:] if a.startswith("-") else "-" + a)))
    items = top_level_items(a)
    if items and len(items) >= 2 and not a.startswith(("(", "[")):
        out.append(("dropped_root", boxed(", ".join(items[:-1]))))
    inner = a[len("\\left"):] if a.startswith("\\left") else a
    if inner.startswith("(") and a.endswith(")") and "\\cup" not in a:
        parts = top_level_items(inner[1:-(len("\\right)") if a.endswith("\\right)") else 1)])
        if parts and len(parts) == 2 and parts[0] != parts[1]:
            out.append(("swapped", boxed(f"({parts[1]}, {parts[0]})")))
        if parts and len(parts) == 2 and "infty" not in a:
            out.append(("closed", boxed(f"[{parts[0]}, {parts[1]}]")))
    return out


def pairs(path: Path, seed: int = 11, others: int = 3000) -> list[dict]:
    """All rows' boxed references, then ``others`` rewrites and wrong answers sampled with ``seed``."""
    rs = rows(path)
    out = [{"kind": "boxed_ref", "answer": r["answer"], "completion": boxed(r["answer"]), "row": i}
           for i, r in enumerate(rs)]
    rnd = random.Random(seed)
    pool = []
    for i, r in enumerate(rs):
        other = rs[rnd.randrange(len(rs))]["answer"]
        for kind, c in rewrites(r["answer"]):
            pool.append({"kind": kind, "answer": r["answer"], "completion": c, "row": i})
        for kind, c in wrongs(r["answer"], other):
            pool.append({"kind": "wrong_" + kind, "answer": r["answer"], "completion": c, "row": i})
    rnd.shuffle(pool)
    return out + pool[:others]
