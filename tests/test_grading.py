"""The key-point grader (interview.practice.grading): one test per rule, each showing the
verdict flip when the rule is switched off, plus the result objects and the rating suggestion."""

import ast
import dataclasses
import json
import re
from pathlib import Path

import pytest

from interview.practice import grading
from interview.practice.grading import (
    CoverageResult,
    KeyPointInput,
    PointResult,
    concepts,
    grade_answer,
    matcher,
    polarity,
    rating_suggestion,
    text,
)


def verdict(answer, point, prompt=""):
    return grade_answer(answer=answer, key_points=[point], prompt=prompt).points[0]


# --- negation ------------------------------------------------------------------------------

P_VALUE = KeyPointInput(
    text="Not the probability that the null hypothesis is true", keywords=("null hypothesis",)
)
P_VALUE_PROMPT = "What does a p-value tell you?"


def test_negation_a_statement_of_the_opposite_is_contradicted(monkeypatch):
    wrong = "The p-value is the probability that the null hypothesis is true."
    result = verdict(wrong, P_VALUE, P_VALUE_PROMPT)
    assert (result.covered, result.status, result.evidence) == (False, "contradicted", wrong)

    monkeypatch.setattr(polarity, "polarity_agrees", lambda **kwargs: True)
    assert verdict(wrong, P_VALUE, P_VALUE_PROMPT).covered


def test_negation_the_point_stated_with_its_negation_is_covered():
    right = "It is not the probability that the null hypothesis is true, it assumes the null."
    assert verdict(right, P_VALUE, P_VALUE_PROMPT).covered


def test_negation_scope_ends_with_its_clause_and_covers_a_dangling_cue():
    point = KeyPointInput(text="The data themselves do not become normal")
    assert (
        verdict("The sample mean is normal, even if the data aren't.", point).status == ("missed")
        or not verdict("The sample mean is normal, even if the data aren't.", point).covered
    )
    assert verdict("It does not make the data normal; only the mean is.", point).covered
    assert not verdict("With enough rows, the data become normal.", point).covered


def test_negation_a_positive_point_denied_is_contradicted():
    point = KeyPointInput(text="Boosting overfits with too many rounds", keywords=("overfit",))
    denied = "Boosting doesn't really overfit when you add more trees."
    assert verdict(denied, point, "How many boosting rounds?").status == "contradicted"


IMPUTER = KeyPointInput(text="Tree libraries handle missing values natively")
IMPUTER_PROMPT = "How do you deal with gaps in a table before modelling?"


def test_denial_a_not_after_the_points_words_contradicts(monkeypatch):
    wrong = "Missing values in tree libraries are something they can't handle natively."
    result = verdict(wrong, IMPUTER, IMPUTER_PROMPT)
    assert (result.covered, result.status) == (False, "contradicted")

    monkeypatch.setattr(polarity, "denied_in", lambda *args: False)
    assert verdict(wrong, IMPUTER, IMPUTER_PROMPT).covered


def test_denial_ends_at_and_or_a_relative_clause():
    right = "Tree libraries handle missing values natively and never need an imputer."
    assert verdict(right, IMPUTER, IMPUTER_PROMPT).covered
    point = KeyPointInput(text="COALESCE returns its first non-NULL argument")
    right = "COALESCE returns the first of its arguments that isn't NULL."
    assert verdict(right, point, "What does COALESCE do?").covered
    tokens = text.tokens(text.normalize(right))
    assert [t.surface for t in tokens if t.denied] == ["null"]


def test_denial_leaves_a_point_with_a_negative_prefix_to_the_negation_rule():
    point = KeyPointInput(text="Tree models are insensitive to feature scaling")
    right = "Tree models don't care about feature scaling at all."
    assert verdict(right, point, "Which models need scaled inputs?").covered


def test_denial_a_dismissal_denies_its_clause():
    point = KeyPointInput(
        text="Report an effect size with a confidence interval", keywords=("confidence interval",)
    )
    prompt = "What does a p-value mean?"
    wrong = "Confidence intervals are redundant once you have the p-value."
    assert verdict(wrong, point, prompt).status == "contradicted"
    right = "Confidence intervals are essential once you have the p-value."
    assert verdict(right, point, prompt).covered


def test_denial_stops_at_a_subordinate_clause():
    point = KeyPointInput(
        text="Sample mean approaches a normal distribution", keywords=("approximately normal",)
    )
    right = "The mean of many independent draws is approximately normal even if the data are not."
    assert verdict(right, point, "State the central limit theorem.").covered


def test_denial_negative_prefixes_count_on_adjectives_only():
    found = concepts.negative_words(["insensitive", "interval", "information", "unavailable"])
    assert found == {"insensitive", "unavailable"}


def test_opposite_a_negated_opposite_word_agrees_with_the_point():
    point = KeyPointInput(
        text="A merge makes a merge commit with two parents and leaves existing commits unchanged",
        keywords=("merge commit", "two parents"),
    )
    prompt = "How do git merge and rebase differ?"
    right = "Merging adds a merge commit with two parents and doesn't change the existing commits."
    assert verdict(right, point, prompt).covered
    wrong = "Merging adds a merge commit with two parents and changes the existing commits."
    assert verdict(wrong, point, prompt).status == "contradicted"


def test_negation_scope_ends_where_and_opens_a_new_verb_phrase():
    point = KeyPointInput(
        text="Early stopping halts without improvement and can restore the best weights",
        keywords=("restore the best weights",),
    )
    tokens = text.tokens(text.normalize(point.text))
    assert [t.surface for t in tokens if t.negated] == ["improvement"]
    right = "It halts training and can restore the best weights it saw."
    assert verdict(right, point, "What does early stopping do?").covered
    # Without a verb after "and", the negation still reaches on: "without X and Y".
    both = text.tokens(text.normalize("fit without smoothing and out-of-fold estimates"))
    assert {t.surface for t in both if t.negated} >= {"smoothing", "estimates"}


def test_restriction_only_is_contradicted_by_the_whole_noun():
    point = KeyPointInput(
        text="Fit the scaler on training data only", keywords=("training data only",)
    )
    prompt = "How do you avoid leakage when scaling features?"
    wrong = "Fit the scaler on the whole dataset, training data included, for stable values."
    assert verdict(wrong, point, prompt).status == "contradicted"
    right = "Fit the scaler on the training data only, never on the whole dataset."
    assert verdict(right, point, prompt).covered


# --- prompt echo ---------------------------------------------------------------------------

WRAPPER_PROMPT = "Why do wrapper methods search over feature subsets, and what does that cost?"
WRAPPER = KeyPointInput(text="Wrapper methods search feature subsets by retraining the model")


def test_prompt_echo_restating_the_question_covers_nothing():
    echo = "Wrapper methods search over feature subsets, and that has a cost."
    assert not verdict(echo, WRAPPER, WRAPPER_PROMPT).covered
    # Without the prompt, the same echo would count.
    assert verdict(echo, WRAPPER, "").covered


def test_prompt_echo_new_words_still_cover():
    answer = "Each candidate subset is scored by retraining the model on it."
    assert verdict(answer, WRAPPER, WRAPPER_PROMPT).covered


# --- swapped concepts ----------------------------------------------------------------------

SELECTION_PROMPT = "Compare filter, wrapper and embedded methods of feature selection."
SELECTION = [
    KeyPointInput(text="Filter methods score each feature with a univariate statistic"),
    KeyPointInput(text="Wrapper methods retrain the model on candidate subsets"),
    KeyPointInput(text="Embedded methods select during training, as an L1 penalty does"),
]


def test_swapped_concepts_a_sibling_concept_does_not_cover(monkeypatch):
    swapped = "Wrapper methods score each feature with a univariate statistic like correlation."
    result = grade_answer(answer=swapped, key_points=SELECTION, prompt=SELECTION_PROMPT)
    assert not result.points[0].covered

    monkeypatch.setattr(concepts, "about_sibling", lambda *args: False)
    result = grade_answer(answer=swapped, key_points=SELECTION, prompt=SELECTION_PROMPT)
    assert result.points[0].covered


PENALTIES_PROMPT = "How do ridge and lasso regression differ?"
PENALTIES = [
    KeyPointInput(text="Ridge penalises squared coefficients, lasso absolute values"),
    KeyPointInput(text="Lasso sets some coefficients exactly to zero"),
]


def test_swapped_roles_a_and_b_each_said_with_the_other_is_not_covered(monkeypatch):
    swapped = "Ridge penalises the absolute values of the coefficients and lasso their squares."
    result = grade_answer(answer=swapped, key_points=PENALTIES, prompt=PENALTIES_PROMPT)
    assert not result.points[0].covered

    monkeypatch.setattr(concepts, "roles_swapped", lambda *args, **kwargs: False)
    result = grade_answer(answer=swapped, key_points=PENALTIES, prompt=PENALTIES_PROMPT)
    assert result.points[0].covered


def test_swapped_roles_the_right_sides_and_a_contrast_with_unlike_cover():
    right = "Ridge penalises the squared coefficients and lasso their absolute values."
    contrast = "Unlike ridge, lasso sets some coefficients exactly to zero."
    result = grade_answer(
        answer=f"{right} {contrast}", key_points=PENALTIES, prompt=PENALTIES_PROMPT
    )
    assert [p.covered for p in result.points] == [True, True]


def test_swapped_roles_need_the_points_own_concept_said_as_a_subject():
    # "Change" and "coefficient" both open a point here; the answer talks about the
    # coefficient and names the change only as an object, which swaps nothing.
    prompt = "How do you interpret a coefficient, and how does it change with a log target?"
    points = [
        KeyPointInput(
            text="Change in y per one-unit increase in x", keywords=("one unit", "slope")
        ),
        KeyPointInput(text="Coefficient size depends on units and scaling"),
    ]
    answer = "The coefficient is the expected change in y when x increases by one unit."
    result = grade_answer(answer=answer, key_points=points, prompt=prompt)
    assert result.points[0].covered
    tokens = text.tokens(text.normalize(answer))
    owned = concepts.owners(tokens, frozenset({text.stem("coefficient"), text.stem("change")}))
    assert owned[text.stem("unit")] == {frozenset({text.stem("coefficient")})}


def test_swapped_concepts_the_right_concept_covers():
    right = "Filter methods score each feature with a univariate statistic like correlation."
    result = grade_answer(answer=right, key_points=SELECTION, prompt=SELECTION_PROMPT)
    assert [p.covered for p in result.points] == [True, False, False]


def test_swapped_directions_are_contradicted(monkeypatch):
    point = KeyPointInput(text="A smaller learning rate needs more trees to converge")
    prompt = "How do you tune gradient boosting?"
    wrong = "A smaller learning rate needs fewer trees to converge."
    assert verdict(wrong, point, prompt).status == "contradicted"
    right = "A lower learning rate needs many more trees to converge."
    assert verdict(right, point, prompt).covered

    monkeypatch.setattr(concepts, "direction_conflict", lambda *args: False)
    assert verdict(wrong, point, prompt).covered


@pytest.mark.parametrize(
    "wrong",
    [
        "On a plateau the scheduler raises the learning rate.",
        "On a plateau the scheduler increases the learning rate.",
    ],
)
def test_inflected_direction_words_are_directions(wrong):
    point = KeyPointInput(text="On a plateau the scheduler lowers the learning rate")
    prompt = "What does a learning-rate scheduler do?"
    assert verdict(wrong, point, prompt).status == "contradicted"
    assert verdict("It lowered the learning rate on a plateau.", point, prompt).covered


def test_swapped_relation_sides_are_contradicted(monkeypatch):
    point = KeyPointInput(
        text="Window functions are evaluated after WHERE filtering",
        keywords=("logical order",),
    )
    prompt = "Why does this SQL query fail?"
    wrong = "WHERE filtering is evaluated after the window functions."
    assert verdict(wrong, point, prompt).status == "contradicted"
    right = "Window functions are evaluated after the WHERE filtering."
    assert verdict(right, point, prompt).covered

    monkeypatch.setattr(concepts, "relation_conflict", lambda *args, **kwargs: False)
    assert verdict(wrong, point, prompt).covered


def test_a_keyword_cut_at_a_comma_inside_brackets_is_put_back_together(monkeypatch):
    # Stored keywords are separated by ", ": the keyword "(n, n)" arrives in two pieces.
    point = KeyPointInput(
        text="Mixing a vector and a column silently gives a square matrix",
        keywords=("(n", "n)", "silent bug"),
    )
    prompt = "What shape mistake is common with NumPy broadcasting?"
    other = "Column means of shape (d,) broadcast fine against (n, d)."
    assert not verdict(other, point, prompt).covered
    assert verdict("Subtracting them gives an (n, n) array.", point, prompt).covered
    assert matcher.rejoin_keywords(["(n", "n)", "a", "x[:", "None]"]) == (
        "(n, n)",
        "a",
        "x[:, None]",
    )

    monkeypatch.setattr(matcher, "rejoin_keywords", tuple)
    assert verdict(other, point, prompt).covered


def test_the_letter_of_a_compound_is_not_a_symbol(monkeypatch):
    point = KeyPointInput(text="Top-p keeps tokens up to a cumulative probability p")
    prompt = "What do top-k and top-p sampling do?"
    parrot = "Top-k and top-p sampling both change how the next token is drawn."
    assert not verdict(parrot, point, prompt).covered

    monkeypatch.setattr(text, "_LETTER_RE", re.compile(r"([^\W\d_])"))
    assert verdict(parrot, point, prompt).covered


def test_a_single_novel_word_needs_another_word_of_the_point(monkeypatch):
    point = KeyPointInput(text="A left join keeps every left row and fills the right columns")
    prompt = "Which rows does a left join keep, and what fills the right side?"
    stray = "Column names come from the first query of a UNION."
    assert not verdict(stray, point, prompt).covered
    right = "Unmatched rows get NULL in the right columns."
    assert verdict(right, point, prompt).covered

    monkeypatch.setattr(matcher, "SINGLE_NOVEL_CONTEXT", 1)
    assert verdict(stray, point, prompt).covered


def test_before_and_after_say_one_order_from_either_side(monkeypatch):
    point = KeyPointInput(text="Batch normalization is applied before the activation function")
    prompt = "Where does batch normalization go in a layer?"
    wrong = "Batch normalization is applied after the activation function."
    assert verdict(wrong, point, prompt).status == "contradicted"
    right = "The activation function comes after batch normalization is applied."
    assert verdict(right, point, prompt).covered

    monkeypatch.setattr(concepts, "INVERSE_RELATIONS", {})
    assert verdict(wrong, point, prompt).covered


def test_a_prefixed_opposite_is_contradicted(monkeypatch):
    point = KeyPointInput(
        text="Accuracy is misleading when the classes are imbalanced",
        keywords=("class imbalance",),
    )
    prompt = "When is accuracy a poor metric?"
    wrong = "Accuracy is misleading only when the classes are balanced."
    assert verdict(wrong, point, prompt).status == "contradicted"
    right = "With imbalanced classes accuracy is misleading."
    assert verdict(right, point, prompt).covered

    monkeypatch.setattr(concepts, "NEGATIVE_PREFIXES", ())
    assert verdict(wrong, point, prompt).covered


def test_opposite_words_are_contradicted(monkeypatch):
    point = KeyPointInput(text="Correlated features make the selected subset unstable")
    wrong = "Correlated features make the selected subset more stable."
    assert verdict(wrong, point).status == "contradicted"

    monkeypatch.setattr(concepts, "opposite_conflict", lambda *args: False)
    assert verdict(wrong, point).covered


def test_known_misconception_is_reported():
    point = KeyPointInput(
        text="Stratified folds preserve class proportions",
        keywords=("class balance",),
        misconceptions=("Stratified folds are split on the most important feature",),
    )
    answer = (
        "Stratified folds keep class proportions. "
        "The folds are split on the most important feature."
    )
    result = verdict(answer, point, "When do you need stratified folds?")
    assert result.status == "contradicted"
    assert result.misconception == "Stratified folds are split on the most important feature"
    assert result.evidence == "The folds are split on the most important feature."


def test_a_misconception_negated_or_asked_is_not_stated():
    point = KeyPointInput(
        text="Gradient clipping caps the gradient norm",
        keywords=("clip the norm",),
        misconceptions=("Gradient clipping also fixes vanishing gradients",),
    )
    for answer in (
        "Gradient clipping caps the norm. It does nothing for vanishing gradients.",
        "Gradient clipping caps the norm. Does clipping also fix vanishing gradients?",
    ):
        result = verdict(answer, point, "What is gradient clipping?")
        assert (result.status, result.misconception) == ("covered", "")


# --- paraphrase ----------------------------------------------------------------------------

STRATIFIED = KeyPointInput(text="Stratified folds preserve class proportions")
PARAPHRASE = "Use stratified folds, which keep the class ratio about the same in each part."


def test_paraphrase_synonyms_cover(monkeypatch):
    assert verdict(PARAPHRASE, STRATIFIED).covered

    monkeypatch.setattr(text, "_synonym_map", lambda lang: {})
    text._stem.cache_clear()
    try:
        assert not verdict("Use folds which keep the ratio about the same.", STRATIFIED).covered
    finally:
        monkeypatch.undo()
        text._stem.cache_clear()


def test_paraphrase_british_spelling_and_typos():
    point = KeyPointInput(text="Smaller steps generalize better and make optimization stable")
    answer = "Smaller steps generalise better; teh optimisation is more robust."
    assert verdict(answer, point).covered
    typo = KeyPointInput(text="Embedded methods use lasso regularization")
    assert verdict("Embeded methods such as lasso do it during training.", typo).covered


def test_phrase_keywords_need_their_words_together():
    point = KeyPointInput(text="Early stopping picks the number of rounds", keywords=("same list",))
    apart = "The list is created when the function is defined, later the same object is reused."
    assert not verdict(apart, point).covered
    assert verdict("Both names point to the same list.", point).covered


def test_morphology_comparatives_and_en_verbs_meet_their_root(monkeypatch):
    point = KeyPointInput(text="Low temperature sharpens the distribution")
    right = "Dividing by a small temperature makes the distribution sharper."
    assert verdict(right, point, "What does temperature do in sampling?").covered

    monkeypatch.setattr(text, "families", lambda known: {})
    assert not verdict(right, point, "What does temperature do in sampling?").covered


def test_morphology_leaves_short_roots_alone():
    assert text._roots("power", ("er",)) == ["power"]
    assert text._roots("noisi", ("i",)) == ["noisi", "nois"]


def test_compound_written_apart_states_the_compound(monkeypatch):
    point = KeyPointInput(text="Size-1 dimensions are stretched")
    answer = "An axis of size 1 is reused for every row."
    assert verdict(answer, point, "How does NumPy broadcasting work?").covered

    monkeypatch.setattr(matcher, "_joined", lambda text: {})
    assert not verdict(answer, point, "How does NumPy broadcasting work?").covered


def test_compound_with_one_content_part_is_not_stated_by_that_part():
    # "per-parameter" is more than "parameter": a unit saying only "parameter" misses it.
    assert matcher._joined("Per-parameter step sizes and a size-1 axis") == {
        text.stem("size1"): frozenset({text.stem("size"), "1"})
    }


def test_paraphrase_multiples_meet_whatever_their_spelling():
    stems = [
        [t.stem for t in text.tokens(text.normalize(phrase))]
        for phrase in ("four times the data", "4x the data", "quadrupling the data")
    ]
    assert stems[0] == stems[1] == stems[2]
    point = KeyPointInput(text="Halving the standard error needs four times the data")
    answer = "Quadrupling the data halves the standard error."
    assert verdict(answer, point, "What is the standard error?").covered


# --- notation ------------------------------------------------------------------------------

SIGMA = KeyPointInput(
    text="Its standard deviation is sigma over root n", keywords=("sigma/sqrt(n)",)
)
SKIP = KeyPointInput(text="Adds block input to its output", keywords=("F(x) + x",))


def test_notation_is_matched_literally(monkeypatch):
    answer = "So the result is y = F(x)+x."
    assert verdict(answer, SKIP).covered
    assert verdict("The spread of the average is sigma / sqrt(n).", SIGMA).covered

    monkeypatch.setattr(matcher, "_is_notation", lambda keyword: False)
    assert not verdict(answer, SKIP).covered


def test_notation_in_the_prompt_is_not_evidence():
    assert not verdict("It is sigma/sqrt(n).", SIGMA, "Why is it sigma/sqrt(n)?").covered


def test_one_letter_symbols_stand_for_the_point_words(monkeypatch):
    point = KeyPointInput(text="Scores come from dot products of queries and keys")
    answer = "You take the dot product of q and k, scaled, then a softmax."
    assert verdict(answer, point, "How does attention work?").covered

    monkeypatch.setattr(matcher, "_letter_aliases", lambda point, unit: set())
    assert not verdict(answer, point, "How does attention work?").covered


# --- results -------------------------------------------------------------------------------


def test_evidence_is_the_deciding_sentence():
    answer = "Intro sentence here. Stratified folds keep the class proportions. Done."
    result = verdict(answer, STRATIFIED)
    assert result.evidence == "Stratified folds keep the class proportions."
    assert "proportions" in result.matched_words


def test_empty_answer_and_no_key_points():
    assert not verdict("", STRATIFIED).covered
    assert grade_answer(answer="anything", key_points=[]).points == ()


def test_long_answer_is_graded():
    answer = ("Filler words about nothing in particular here. " * 400) + PARAPHRASE
    assert verdict(answer, STRATIFIED).covered


def test_to_dict_from_dict_round_trip_and_old_results_load():
    result = grade_answer(answer=PARAPHRASE, key_points=[STRATIFIED, SIGMA])
    data = json.loads(json.dumps(result.to_dict()))
    assert CoverageResult.from_dict(data) == result
    assert data["percent"] == 50
    old = {"points": [{"text": "x", "covered": True, "matched_words": ["a"]}]}
    point = CoverageResult.from_dict(old).points[0]
    assert (point.status, point.evidence, point.self_assessed) == ("covered", "", False)


def test_self_assessed_points_count():
    result = grade_answer(answer=PARAPHRASE, key_points=[STRATIFIED, SIGMA])
    claimed = result.with_self_assessment(index=1, claimed=True)
    assert (claimed.covered_count, claimed.self_assessed_count, claimed.percent) == (2, 1, 100)
    assert not claimed.points[1].covered
    assert claimed.with_self_assessment(index=1, claimed=False) == result


def test_result_objects_are_frozen():
    result = grade_answer(answer=PARAPHRASE, key_points=[STRATIFIED])
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.points[0].covered = False  # type: ignore[misc]


def make_result(covered, total):
    return CoverageResult(
        points=tuple(PointResult(text=f"p{i}", covered=i < covered) for i in range(total))
    )


@pytest.mark.parametrize(
    ("covered", "total", "expected"),
    [
        *[(0, 10, 1), (2, 10, 1), (3, 10, 2), (5, 10, 2), (6, 10, 3), (8, 10, 3), (9, 10, 4)],
        *[(10, 10, 4), (1, 4, 1), (2, 4, 2), (3, 4, 3), (4, 4, 4), (0, 0, 1)],
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


def test_package_has_no_django_imports():
    for path in Path(grading.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                module = node.module if isinstance(node, ast.ImportFrom) else ""
                assert not any(n.startswith("django") for n in [*names, module or ""]), path


def test_other_numbers_than_the_point_s_are_contradicted(monkeypatch):
    point = KeyPointInput(text="He initialization uses variance 2 / fan_in")
    wrong = "He initialization draws weights with variance 1 / fan_in."
    assert verdict(wrong, point, "How should you initialize ReLU networks?").status == (
        "contradicted"
    )
    right = "He initialization draws weights with variance 2 / fan_in."
    assert verdict(right, point, "How should you initialize ReLU networks?").covered

    monkeypatch.setattr(matcher, "_other_numbers", lambda said, unit: False)
    assert verdict(wrong, point, "How should you initialize ReLU networks?").covered
