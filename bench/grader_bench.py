"""Time the key-point grader: a 2,000-word answer against 6 key points, p50 and p99.

Run with ``make bench-grader`` (or ``python bench/grader_bench.py [--runs N]``). The answer is
built deterministically from the development set's answers; the grader is pure Python and
single-threaded. Each run is timed twice: CPU time of this process (what one core spends, the
budgeted figure) and wall-clock time (which also counts waiting for a core on a loaded machine).
Exit status 1 when the CPU-time p99 exceeds the budget.
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
    cpu: list[float] = []
    wall: list[float] = []
    for _ in range(args.runs):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        grade_answer(answer=answer, key_points=points, prompt=prompt)
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start_wall) * 1000)

    def p99(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]

    print(
        f"grader: {len(answer.split())} words x {len(points)} points, {args.runs} runs "
        f"(first {first:.1f} ms wall): CPU p50 {statistics.median(cpu):.1f} ms, "
        f"p99 {p99(cpu):.1f} ms (budget {BUDGET_MS:.0f} ms); wall p50 "
        f"{statistics.median(wall):.1f} ms, p99 {p99(wall):.1f} ms"
    )
    return 0 if p99(cpu) <= BUDGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
