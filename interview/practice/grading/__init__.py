"""The key-point grader: which points of a question an answer states, contradicts or misses.

Pure functions, no Django, no model, no network: the same answer always gets the same verdict.
The rules live in :mod:`.text` (units and words), :mod:`.polarity` (negation),
:mod:`.concepts` (opposites, directions, swapped roles, sibling concepts) and
:mod:`.matcher` (prompt echo, phrases, notation, evidence, misconceptions).
"""

from interview.practice.grading import concepts, matcher, polarity, text
from interview.practice.grading.matcher import grade_answer
from interview.practice.grading.results import (
    CoverageResult,
    KeyPointInput,
    PointResult,
    rating_suggestion,
)

__all__ = [
    "CoverageResult",
    "KeyPointInput",
    "PointResult",
    "concepts",
    "grade_answer",
    "matcher",
    "polarity",
    "rating_suggestion",
    "text",
]
