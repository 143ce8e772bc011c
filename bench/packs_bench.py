"""Time study-pack generation on a 30-page lecture PDF, on one core.

Run with ``make bench-packs`` (or ``python bench/packs_bench.py [--runs N]``). The lecture is
tests/data/packs_bench/lecture-30-pages.pdf, made once (``--rebuild``) from the real lecture notes
in tests/data/packs (their Markdown text laid out as 30 pages of PDF text). Each run reads the
PDF (pypdf) and generates the pack (modules, key concepts, cards, quiz); the figure budgeted is
the CPU time of this single-threaded process (the wall-clock time is shown too: on a loaded
machine it also counts waiting for a core). Exit status 1 when the median CPU time exceeds the
budget, which keeps generation well inside a request's time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interview.settings")

import django  # noqa: E402

django.setup()

from interview.practice.packs.generator import generate  # noqa: E402
from interview.practice.packs.reading import read_upload  # noqa: E402
from tests.pdf_support import make_pdf  # noqa: E402

LECTURE = ROOT / "tests" / "data" / "packs_bench" / "lecture-30-pages.pdf"
SOURCES = [
    "cs231n-linear-classify.md",
    "cs231n-optimization-1.md",
    "introml-lecture2-linear-regression.md",
    "introml-lecture7-svm.md",
    "aml-07-trees-forests.html",
    "aml-09-model-evaluation.html",
]
PAGES = 30
LINES_PER_PAGE = 48
BUDGET_SECONDS = 5.0


def build_lecture() -> bytes:
    """30 pages of the notes' text: a heading line starts a page, paragraphs wrap at 95."""
    lines: list[str] = []
    for name in SOURCES:
        path = ROOT / "tests" / "data" / "packs" / name
        text = read_upload(name=name, data=path.read_bytes())
        for block in text.split("\n\n"):
            block = " ".join(block.split())
            if not block or block.startswith(("<", "|", "$$", "```", "---")):
                continue
            if block.startswith("#"):
                lines.append("")
                lines.append(block.lstrip("# "))
            else:
                lines.extend(textwrap.wrap(block, 95))
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]
    return make_pdf(pages[:PAGES])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    if args.rebuild or not LECTURE.exists():
        LECTURE.parent.mkdir(parents=True, exist_ok=True)
        LECTURE.write_bytes(build_lecture())
    data = LECTURE.read_bytes()
    generate("# Warm up\n\nA warm-up text loads the keyword extractor once.", title="w")
    cpu, wall, read_cpu = [], [], []
    for _ in range(args.runs):
        c0, w0 = time.process_time(), time.perf_counter()
        text = read_upload(name=LECTURE.name, data=data)
        c1 = time.process_time()
        pack = generate(text, title="Lecture")
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
        read_cpu.append(c1 - c0)
    from pypdf import PdfReader

    pages = len(PdfReader(LECTURE).pages)
    words = len(text.split())
    print(
        f"lecture: {LECTURE.relative_to(ROOT)}, {pages} pages, {len(data):,} bytes, {words:,} words"
    )
    print(
        f"pack: {len(pack.modules)} modules, {len(pack.concepts)} key concepts, "
        f"{len(pack.cards)} cards, {len(pack.questions)} quiz questions"
    )
    print(
        f"{args.runs} runs: CPU median {statistics.median(cpu):.2f} s (reading the PDF "
        f"{statistics.median(read_cpu):.2f} s), max {max(cpu):.2f} s; wall median "
        f"{statistics.median(wall):.2f} s; budget {BUDGET_SECONDS:.1f} s CPU"
    )
    return 0 if statistics.median(cpu) <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
