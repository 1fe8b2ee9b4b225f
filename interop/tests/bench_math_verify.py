"""Times Python math-verify 0.9.0 on math-dev pairs and writes the same pairs for Plugboard's MathRewardBenchmark.

Usage: bench_math_verify.py <math-dev test.jsonl> <pairs-out.jsonl> [count]   (default 1500, seed 11)
One process, one pair at a time (parse the reference, parse the completion, verify), as the Java side.
Prints the figures and, last, a line ``scores_per_s=<rate>`` for bin/bench-rewards.
"""
from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import math_pairs  # noqa: E402

from math_verify import parse, verify  # noqa: E402


def main() -> None:
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 1500
    every = math_pairs.pairs(src, seed=11, others=2500)  # the differential test's 7,000 pairs
    pairs = random.Random(11).sample(every, count)
    with open(out, "w", encoding="utf-8") as f:
        for p in pairs:
            f.write(json.dumps({"completion": p["completion"], "answer": p["answer"]}) + "\n")
    for p in pairs[:50]:  # warm-up: imports, sympy caches
        verify(parse("$" + p["answer"] + "$"), parse(p["completion"]))
    lat, ones = [], 0
    start = time.perf_counter()
    for p in pairs:
        t0 = time.perf_counter()
        ok = verify(parse("$" + p["answer"] + "$", parsing_timeout=5), parse(p["completion"], parsing_timeout=5),
                    timeout_seconds=5)
        lat.append(time.perf_counter() - t0)
        ones += bool(ok)
    elapsed = time.perf_counter() - start
    lat.sort()
    rate = len(pairs) / elapsed
    print(f"math-verify 0.9.0 on {len(pairs):,} math-dev pairs (one process): {rate:,.1f} scores/s | per score "
          f"p50 {lat[len(lat) // 2] * 1e3:.2f} ms, p99 {lat[int(0.99 * len(lat)) - 1] * 1e3:.2f} ms | "
          f"{100 * ones / len(pairs):.1f}% scored 1")
    print(f"scores_per_s={rate:.3f}")


if __name__ == "__main__":
    main()
