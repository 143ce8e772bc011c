"""Offline key-point coverage (interview.practice.coverage): no DB, no LLM."""

import ast
import dataclasses
import json
from pathlib import Path

import pytest

from interview.practice import coverage as coverage_module
from interview.practice.coverage import (
    CoverageResult,
    KeyPointInput,
    PointResult,
    coverage_compute,
    rating_suggestion,
)

FORGET = KeyPointInput(
    text="Forget gate decides what to erase from the cell state",
    keywords=("forget gate",),
)
INPUT = KeyPointInput(
    text="Input gate controls what new information is written",
    keywords=("input gate", "write gate"),
)
OUTPUT = KeyPointInput(
    text="Output gate controls what the hidden state exposes",
    keywords=("output gate",),
)
SIGMOID = KeyPointInput(
    text="Gates use sigmoid activations between 0 and 1",
    keywords=("sigmoid", "values between zero and one"),
)
LSTM_POINTS = (FORGET, INPUT, OUTPUT, SIGMOID)

GOOD_ANSWER = (
    "An LSTM has three gates. The forget gate looks at the previous hidden state and the "
    "current input and decides which parts of the cell state to erase. The input gate decides "
    "what new information gets written into the cell, and the output gate controls how much of "
    "the cell state is exposed as the hidden state. Each gate is a sigmoid layer, so its values "
    "lie between zero and one and act like soft switches."
)

PARTIAL_ANSWER = (
    "The forget gate throws away parts of the cell state that are no longer needed. "
    "All the gates are sigmoid layers. The candidate memory is computed with tanh, which is "
    "why LSTMs suffer less from vanishing gradients than plain RNNs."
)

OFF_TOPIC_ANSWER = (
    "I would put a relational database behind the API, add proper indexes and cache hot "
    "queries in Redis to keep latency low."
)


def covered_texts(result: CoverageResult) -> list[str]:
    return [p.text for p in result.points if p.covered]


def point(result: CoverageResult, kp: KeyPointInput) -> PointResult:
    (found,) = [p for p in result.points if p.text == kp.text]
    return found


def make_result(covered: int, total: int) -> CoverageResult:
    return CoverageResult(
        points=tuple(
            PointResult(
                text=f"point {i}",
                covered=i < covered,
                matched_words=("word",) if i < covered else (),
                matched_phrase=f"point {i}" if i < covered else None,
            )
            for i in range(total)
        )
    )


# --- realistic answers -------------------------------------------------------


def test_good_answer_covers_every_point():
    result = coverage_compute(answer=GOOD_ANSWER, key_points=LSTM_POINTS)

    assert [p.text for p in result.points] == [kp.text for kp in LSTM_POINTS]
    assert all(p.covered for p in result.points)
    assert (result.covered_count, result.total, result.ratio, result.percent) == (4, 4, 1.0, 100)
    assert point(result, FORGET).matched_phrase == FORGET.text
    assert point(result, SIGMOID).matched_phrase == "sigmoid"
    assert rating_suggestion(coverage=result) == 4


def test_partial_answer_covers_exactly_forget_and_sigmoid():
    result = coverage_compute(answer=PARTIAL_ANSWER, key_points=LSTM_POINTS)

    assert covered_texts(result) == [FORGET.text, SIGMOID.text]
    assert point(result, INPUT).matched_phrase is None
    assert point(result, OUTPUT).matched_phrase is None
    assert point(result, SIGMOID).matched_phrase == "sigmoid"
    assert (result.covered_count, result.total, result.percent) == (2, 4, 50)
    assert rating_suggestion(coverage=result) == 2


def test_off_topic_answer_covers_nothing():
    result = coverage_compute(answer=OFF_TOPIC_ANSWER, key_points=LSTM_POINTS)

    assert result.covered_count == 0
    assert all(p.matched_phrase is None for p in result.points)
    assert result.ratio == 0.0
    assert rating_suggestion(coverage=result) == 1


@pytest.mark.parametrize("answer", ["", "   \n\t ", "the and of to it is"])
def test_empty_answer_covers_nothing(answer):
    result = coverage_compute(answer=answer, key_points=LSTM_POINTS)

    assert result.total == 4
    assert result.covered_count == 0
    assert all(p.matched_words == () for p in result.points)
    assert rating_suggestion(coverage=result) == 1
    assert rating_suggestion(coverage=result, timed_out=True) == 1


def test_long_answer_of_20000_characters():
    filler = (
        "Then we talked about deployment pipelines, dashboards, on-call rotations and "
        "the budget for the next quarter. "
    )
    middle = "By the way, the forget gate wipes stale memory. "
    ending = " Finally: the output gate exposes a filtered hidden state."
    body = (filler * 100)[:9_000] + " " + middle + filler * 200
    answer = body[: 20_000 - len(ending)] + ending
    assert len(answer) == 20_000

    result = coverage_compute(answer=answer, key_points=LSTM_POINTS)

    assert covered_texts(result) == [FORGET.text, OUTPUT.text]
    # Stems are pooled over the whole answer: "forget", "gate" (middle) and "state"
    # (ending) are 3 of the text's 6 content stems, and the text is checked first.
    assert point(result, FORGET).matched_phrase == FORGET.text
    assert point(result, OUTPUT).matched_phrase == OUTPUT.text
    # Repeated words are reported once, in order of first appearance.
    assert point(result, FORGET).matched_words == ("forget", "gate", "state")
    assert point(result, OUTPUT).matched_words == ("gate", "output", "exposes", "hidden", "state")


# --- tolerance ------------------------------------------------------------------


def test_inflection_and_word_order_tolerance():
    answer = "Gating is done by sigmoids. The cell forgets stale values by erasing them."
    result = coverage_compute(answer=answer, key_points=LSTM_POINTS)

    assert covered_texts(result) == [FORGET.text, SIGMOID.text]
    # "forgets"/"erasing"/"gating"/"cell" reach 4 of the 6 content stems of the text.
    assert point(result, FORGET).matched_phrase == FORGET.text
    assert point(result, FORGET).matched_words == ("gating", "cell", "forgets", "erasing")
    assert point(result, SIGMOID).matched_phrase == "sigmoid"
    assert point(result, SIGMOID).matched_words == ("gating", "sigmoids", "values")


def test_keyword_matches_in_any_order_and_inflection():
    result = coverage_compute(answer="Gates for writing are what I mean.", key_points=[INPUT])

    assert point(result, INPUT).matched_phrase == "write gate"
    assert point(result, INPUT).matched_words == ("gates", "writing")


def test_text_paraphrase_without_keywords_is_covered():
    answer = "What the network exposes as its hidden state is controlled separately."
    result = coverage_compute(answer=answer, key_points=[OUTPUT])

    assert point(result, OUTPUT).covered
    assert point(result, OUTPUT).matched_phrase == OUTPUT.text
    assert point(result, OUTPUT).matched_words == ("exposes", "hidden", "state", "controlled")


@pytest.mark.parametrize(
    ("text", "answer", "covered"),
    [
        ("Dropout", "we use dropout", True),  # 1 of 1
        ("Dropout", "we use batch norm", False),
        ("Attention weights", "attention helps", False),  # 2 stems need both
        ("Attention weights", "weights of attention", True),
        ("Residual connections stabilise training", "residual paths", False),  # 3 need 2
        ("Residual connections stabilise training", "training with residual paths", True),
        ("Adam adapts per parameter learning rates", "adam learning", False),  # 6 need 3
        ("Adam adapts per parameter learning rates", "adam learning rate", True),
    ],
)
def test_text_threshold_half_rounded_up_and_at_least_two(text, answer, covered):
    result = coverage_compute(answer=answer, key_points=[KeyPointInput(text=text)])
    assert result.points[0].covered is covered


def test_separators_case_and_unicode():
    # Full-width letters (U+FF21...) are folded to ASCII by NFKC normalization.
    fullwidth = " ".join("".join(chr(ord(c) + 0xFEE0) for c in w) for w in ("OUTPUT", "gate"))
    result = coverage_compute(
        answer=f"FORGET-GATE, input_gate and {fullwidth}; \u03c3-shaped, see caf\u00e9.",
        key_points=LSTM_POINTS,
    )

    assert covered_texts(result) == [FORGET.text, INPUT.text, OUTPUT.text]
    assert point(result, FORGET).matched_words == ("forget", "gate")
    assert point(result, OUTPUT).matched_words == ("gate", "output")

    accented = coverage_compute(
        answer="Un CAF\u00c9 cr\u00e8me", key_points=[KeyPointInput("caf\u00e9")]
    )
    assert accented.points[0].matched_words == ("caf\u00e9",)


def test_key_words_inside_longer_words_do_not_match():
    result = coverage_compute(answer="Delegates, gatekeepers, throughput.", key_points=[FORGET])
    assert not result.points[0].covered
    assert result.points[0].matched_words == ()


# --- explanation ---------------------------------------------------------------


def test_matched_words_explain_the_verdict():
    answer = "The Forget gate, yes the forget GATE, decides what the Cell keeps."
    result = coverage_compute(answer=answer, key_points=[FORGET, SIGMOID])
    forget, sigmoid = result.points

    assert forget.covered
    assert forget.matched_phrase == FORGET.text  # text first, then keywords
    # Lowercased surface forms, deduplicated, in answer order; stop words never appear.
    assert forget.matched_words == ("forget", "gate", "decides", "cell")
    # Missed points still show the partial evidence that was not enough.
    assert not sigmoid.covered
    assert sigmoid.matched_phrase is None
    assert sigmoid.matched_words == ("gate",)


def test_keyword_only_match_reports_that_keyword():
    result = coverage_compute(answer="values between zero and one", key_points=[SIGMOID])
    assert result.points[0].matched_phrase == "values between zero and one"
    assert result.points[0].matched_words == ("values", "zero", "one")


def test_keywords_made_only_of_stop_words_are_ignored():
    kp = KeyPointInput(
        text="Backpropagation through time",
        keywords=("what it is", "to be or not to be", "f_t", "-", "", "without"),
    )
    result = coverage_compute(answer="To be or not to be: it is what it is. f_t", key_points=[kp])

    assert not result.points[0].covered
    assert result.points[0].matched_phrase is None
    assert result.points[0].matched_words == ()

    covered = coverage_compute(answer="backpropagation through time", key_points=[kp])
    assert covered.points[0].matched_phrase == "Backpropagation through time"


def test_stop_word_only_text_never_matches():
    kp = KeyPointInput(text="What it is", keywords=())
    result = coverage_compute(answer="what it is", key_points=[kp])
    assert not result.points[0].covered


def test_no_key_points():
    result = coverage_compute(answer=GOOD_ANSWER, key_points=[])
    assert (result.points, result.total, result.ratio, result.percent) == ((), 0, 0.0, 0)


def test_key_point_input_accepts_a_list_of_keywords():
    kp = KeyPointInput(text="Forget gate", keywords=["forget gate", "f_t"])
    assert kp.keywords == ("forget gate", "f_t")
    assert hash(kp) == hash(KeyPointInput(text="Forget gate", keywords=("forget gate", "f_t")))


# --- serialization -------------------------------------------------------------


def test_to_dict_from_dict_round_trip():
    result = coverage_compute(answer=PARTIAL_ANSWER, key_points=LSTM_POINTS)

    data = json.loads(json.dumps(result.to_dict()))
    restored = CoverageResult.from_dict(data)

    assert restored == result
    assert isinstance(restored.points[0].matched_words, tuple)
    assert data["covered_count"] == 2
    assert data["total"] == 4
    assert data["percent"] == 50
    assert data["points"][1] == {
        "text": INPUT.text,
        "covered": False,
        "matched_words": ["gate", "gates"],
        "matched_phrase": None,
    }


def test_result_objects_are_frozen():
    result = coverage_compute(answer=GOOD_ANSWER, key_points=LSTM_POINTS)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.points[0].covered = False  # type: ignore[misc]


# --- rating suggestion ---------------------------------------------------------


@pytest.mark.parametrize(
    ("covered", "total", "expected"),
    [
        (0, 10, 1),
        (2, 10, 1),
        (3, 10, 2),  # 0.3 is not < 0.3
        (5, 10, 2),
        (6, 10, 3),
        (8, 10, 3),
        (9, 10, 4),
        (10, 10, 4),
        (1, 4, 1),
        (2, 4, 2),
        (3, 4, 3),
        (4, 4, 4),
        (0, 0, 1),
    ],
)
def test_rating_suggestion_thresholds(covered, total, expected):
    assert rating_suggestion(coverage=make_result(covered, total)) == expected


@pytest.mark.parametrize(
    ("covered", "total", "expected"),
    [(10, 10, 3), (9, 10, 3), (6, 10, 3), (5, 10, 2), (1, 10, 1), (0, 4, 1)],
)
def test_rating_suggestion_timed_out_is_capped_at_good(covered, total, expected):
    assert rating_suggestion(coverage=make_result(covered, total), timed_out=True) == expected


def test_percent_rounds():
    assert make_result(1, 3).percent == 33
    assert make_result(2, 3).percent == 67


def test_module_has_no_django_imports():
    tree = ast.parse(Path(coverage_module.__file__).read_text(encoding="utf-8"))
    imported = {
        name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        )
    }
    assert "django" not in imported
