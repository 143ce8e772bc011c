"""Time the key-point grader: a 2,000-word answer against 6 key points, p50 and p99.

Run with ``make bench-grader`` (or ``python bench/grader_bench.py [--runs N]``). The answer is
built deterministically from the development set's answers; the grader is pure Python and
single-threaded, so this measures one core. Exit status 1 when p99 exceeds the budget.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interview.practice.grading import KeyPointInput, grade_answer  # noqa: E402

DEV = ROOT / "tests" / "data" / "grader" / "dev.jsonl"
BUDGET_MS = 50.0


def workload(words: int = 2000) -> tuple[str, list[KeyPointInput], str]:
    records = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line]
    record = next(r for r in records if len(r["key_points"]) == 6)
    points = [
        KeyPointInput(text=p["text"], keywords=tuple(k.strip() for k in p["keywords"].split(",")))
        for p in record["key_points"]
    ]
    pool = " ".join(r["answer"] for r in records).split()
    answer_words = (pool * (words // len(pool) + 1))[:words]
    prompt = f"{record['prompt']}\n{record['instruction']}"
    return " ".join(answer_words), points, prompt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--words", type=int, default=2000)
    args = parser.parse_args()
    answer, points, prompt = workload(args.words)
    start = time.perf_counter()
    grade_answer(answer=answer, key_points=points, prompt=prompt)
    first = (time.perf_counter() - start) * 1000
    timings = []
    for _ in range(args.runs):
        start = time.perf_counter()
        grade_answer(answer=answer, key_points=points, prompt=prompt)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    print(
        f"grader: {len(answer.split())} words x {len(points)} points, {args.runs} runs: "
        f"first {first:.1f} ms, p50 {statistics.median(timings):.1f} ms, p99 {p99:.1f} ms "
        f"(budget {BUDGET_MS:.0f} ms)"
    )
    return 0 if p99 <= BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
