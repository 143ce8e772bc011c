"""Measuring the grader on a labelled set of answers.

Specification
-------------
* A record (one JSON object a line) holds ``id``, ``prompt``, ``instruction``, ``key_points``
  (``text`` and comma-separated ``keywords``), ``answer``, ``answer_class`` and ``labels`` (one
  boolean per key point, a strict interviewer's verdict).
* Each record is graded with its own prompt, instruction and key points, never the bank's,
  in its ``language`` (English when absent).
* Halves: a set can be split by question to check that a change holds up on questions it
  was not tuned on. The question slugs (``slug``, else the ``id`` before ``--``) in sorted
  order go alternately to half 1 and half 2, so both halves keep every answer of a question.
* Figures: micro precision, recall and F1 over all (answer, key point) pairs; mean coverage
  per answer class; the share of parrot and misconception answers scoring 50 % or more.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interview.practice.grading.matcher import grade_answer
from interview.practice.grading.results import KeyPointInput

WRONG_CLASSES = ("parrot", "misconception")


@dataclass(frozen=True)
class Prediction:
    """The grader's verdicts for one record, beside the labels."""

    id: str
    answer_class: str
    covered: tuple[bool, ...]
    labels: tuple[bool, ...]

    @property
    def coverage(self) -> float:
        """Share of key points covered."""
        return sum(self.covered) / len(self.covered) if self.covered else 0.0


def read_records(path: Path) -> list[dict[str, Any]]:
    """The records of a JSON-lines file (blank lines skipped)."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def question_of(record: dict[str, Any]) -> str:
    """The question a record answers: its ``slug``, else its ``id`` before ``--``."""
    return str(record.get("slug") or str(record["id"]).split("--")[0])


def half_of(records: Sequence[dict[str, Any]], half: int) -> list[dict[str, Any]]:
    """The records of half 1 or 2 of a set split by question (see the module docstring)."""
    if half not in (1, 2):
        raise ValueError(f"half must be 1 or 2, not {half}")
    questions = sorted({question_of(r) for r in records})
    wanted = set(questions[half - 1 :: 2])
    return [r for r in records if question_of(r) in wanted]


def _keywords(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        # Separated by a comma and a space, as the bank stores them ("1,234,567" stays whole).
        return tuple(
            k.strip() for k in re.split(r"(?:(?<=\s)|(?<=,)|^),|,(?=\s|,|$)", value) if k.strip()
        )
    return tuple(str(k).strip() for k in value or () if str(k).strip())


def predict(record: dict[str, Any]) -> Prediction:
    """Grade one record with its own prompt, instruction and key points."""
    points = [
        KeyPointInput(
            text=p["text"],
            keywords=_keywords(p.get("keywords")),
            misconceptions=tuple(
                line.strip() for line in str(p.get("misconceptions") or "").splitlines() if line
            ),
        )
        for p in record["key_points"]
    ]
    prompt = f"{record.get('prompt', '')}\n{record.get('instruction', '')}"
    result = grade_answer(
        answer=record["answer"],
        key_points=points,
        prompt=prompt,
        language=str(record.get("language") or "en"),
    )
    return Prediction(
        id=str(record["id"]),
        answer_class=str(record.get("answer_class", "")),
        covered=tuple(p.covered for p in result.points),
        labels=tuple(bool(x) for x in record.get("labels", ())),
    )


def figures(predictions: Sequence[Prediction]) -> dict[str, Any]:
    """Micro precision/recall/F1, mean coverage per class, wrong answers scoring >= 50 %."""
    tp = fp = fn = 0
    for prediction in predictions:
        for covered, label in zip(prediction.covered, prediction.labels, strict=False):
            tp += covered and label
            fp += covered and not label
            fn += label and not covered
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    by_class: dict[str, list[float]] = defaultdict(list)
    for prediction in predictions:
        by_class[prediction.answer_class].append(prediction.coverage)
    wrong = [p for p in predictions if p.answer_class in WRONG_CLASSES]
    high = [p for p in wrong if p.coverage >= 0.5]
    return {
        "records": len(predictions),
        "pairs": tp
        + fp
        + fn
        + sum(
            1
            for p in predictions
            for c, label in zip(p.covered, p.labels, strict=False)
            if not c and not label
        ),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "mean_coverage": {k: round(sum(v) / len(v), 4) for k, v in sorted(by_class.items())},
        "wrong_scoring_50": round(len(high) / len(wrong), 4) if wrong else 0.0,
    }


def evaluate(records: Iterable[dict[str, Any]]) -> tuple[list[Prediction], dict[str, Any]]:
    """Predictions and figures for every record."""
    predictions = [predict(r) for r in records]
    return predictions, figures(predictions)
