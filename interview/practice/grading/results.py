"""What the grader returns: a verdict per key point with its evidence, and a rating suggestion.

Specification
-------------
* A point is ``covered`` (the answer states it), ``contradicted`` (the answer states the
  opposite: a negated, reversed or swapped version, or one of the point's known
  misconceptions) or ``missed``. Only covered points count towards the percentage.
* ``evidence`` is the sentence of the answer that decided the verdict (``""`` when missed).
* A point the candidate marked "I did cover this" is ``self_assessed``: it counts as covered
  in the percentage shown to them, in the rating suggestion and in item statistics, and is
  always shown as their own claim, never as the grader's verdict.
* ``rating_suggestion``: covered ratio < 0.3 -> 1 (Again), < 0.6 -> 2 (Hard), < 0.9 -> 3
  (Good), else 4 (Easy); nothing covered -> 1; a timed-out answer is capped at 3.
* Stored results of the earlier grader (without status or evidence) still load.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

Status = Literal["covered", "missed", "contradicted"]


@dataclass(frozen=True)
class KeyPointInput:
    """A key point as stored in a question snapshot."""

    text: str
    keywords: tuple[str, ...] = ()
    misconceptions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("keywords", "misconceptions"):
            value = getattr(self, name)
            if not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))


@dataclass(frozen=True)
class PointResult:
    """Verdict for one key point, with the evidence behind it."""

    text: str
    covered: bool
    matched_words: tuple[str, ...] = ()
    matched_phrase: str | None = None
    evidence: str = ""
    status: Status = "missed"
    misconception: str = ""
    self_assessed: bool = False

    @property
    def contradicted(self) -> bool:
        """The answer stated the opposite of this point."""
        return self.status == "contradicted"

    @property
    def counts(self) -> bool:
        """Covered by the grader or claimed by the candidate."""
        return self.covered or self.self_assessed

    def to_dict(self) -> dict[str, Any]:
        """JSON-serializable form."""
        return {
            "text": self.text,
            "covered": self.covered,
            "matched_words": list(self.matched_words),
            "matched_phrase": self.matched_phrase,
            "evidence": self.evidence,
            "status": self.status,
            "misconception": self.misconception,
            "self_assessed": self.self_assessed,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PointResult:
        """Inverse of :meth:`to_dict`; older stored results lack the later fields."""
        covered = bool(data["covered"])
        phrase = data.get("matched_phrase")
        status = data.get("status") or ("covered" if covered else "missed")
        return cls(
            text=str(data["text"]),
            covered=covered,
            matched_words=tuple(str(w) for w in data.get("matched_words") or ()),
            matched_phrase=None if phrase is None else str(phrase),
            evidence=str(data.get("evidence") or ""),
            status=status if status in ("covered", "missed", "contradicted") else "missed",
            misconception=str(data.get("misconception") or ""),
            self_assessed=bool(data.get("self_assessed")),
        )


@dataclass(frozen=True)
class CoverageResult:
    """Per-point verdicts for one answer, with summary figures."""

    points: tuple[PointResult, ...]

    @property
    def covered_count(self) -> int:
        """Points covered by the grader or marked covered by the candidate."""
        return sum(1 for p in self.points if p.counts)

    @property
    def self_assessed_count(self) -> int:
        """Points the candidate marked covered that the grader did not find."""
        return sum(1 for p in self.points if p.self_assessed and not p.covered)

    @property
    def total(self) -> int:
        """Number of key points."""
        return len(self.points)

    @property
    def ratio(self) -> float:
        """Counted / total, 0.0 when there are no key points."""
        return self.covered_count / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        """``round(ratio * 100)``."""
        return round(self.ratio * 100)

    def with_self_assessment(self, *, index: int, claimed: bool) -> CoverageResult:
        """The same result with point ``index`` marked (or unmarked) "I did cover this"."""
        points = list(self.points)
        points[index] = replace(points[index], self_assessed=claimed)
        return CoverageResult(points=tuple(points))

    def to_dict(self) -> dict[str, Any]:
        """JSON-serializable form (for a JSONField); summary figures are informative."""
        return {
            "points": [p.to_dict() for p in self.points],
            "covered_count": self.covered_count,
            "self_assessed_count": self.self_assessed_count,
            "total": self.total,
            "percent": self.percent,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CoverageResult:
        """Inverse of :meth:`to_dict` (summary figures are recomputed, not read)."""
        return cls(points=tuple(PointResult.from_dict(p) for p in data.get("points") or ()))


def rating_suggestion(*, coverage: CoverageResult, timed_out: bool = False) -> int:
    """Suggest an FSRS rating (1=Again, 2=Hard, 3=Good, 4=Easy) from coverage."""
    if coverage.covered_count == 0:
        return 1
    ratio = coverage.ratio
    if ratio < 0.3:
        rating = 1
    elif ratio < 0.6:
        rating = 2
    elif ratio < 0.9:
        rating = 3
    else:
        rating = 4
    return min(rating, 3) if timed_out else rating
