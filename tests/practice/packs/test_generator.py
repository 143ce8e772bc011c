"""The pack generator: modules, definitions, cloze cards, de-duplication and the quiz."""

from interview.practice.packs.generator import (
    build_quiz,
    generate,
    key_concepts,
    similarity,
    split_modules,
    split_sentences,
)

LECTURE = """\
# Linear models

Linear regression is a method that models the target as a weighted sum of the features.
The weights are found by minimising the mean squared error on the training data.

**Ridge regression** adds an L2 penalty on the weights to the squared error.

- Lasso: a linear model with an L1 penalty that drives some weights to exactly zero.
- Elastic net: a linear model that mixes the L1 and L2 penalties.

## Optimisation

Gradient descent is an iterative algorithm that moves the weights against the gradient of the
loss. The learning rate controls the size of each step taken by gradient descent.

## Evaluation

Cross-validation is a procedure that estimates how well a model generalises by training and
testing on different folds. Overfitting means the model fits noise in the training data.
"""


def test_headings_make_modules():
    modules = split_modules(LECTURE, title="Lecture")
    assert [m.title for m in modules] == ["Linear models", "Optimisation", "Evaluation"]
    assert modules[1].body.startswith("Gradient descent is")


def test_an_empty_heading_joins_the_next_one():
    text = "# Part one\n\n## Trees\n\nA decision tree is a model that splits the data by rules.\n"
    assert [m.title for m in split_modules(text, title="T")] == ["Part one / Trees"]


def test_text_without_headings_is_cut_by_size_between_paragraphs():
    topic_a = " ".join(["Neural networks learn layered representations with weights."] * 30)
    topic_b = " ".join(["Databases store rows in tables and answer queries with indexes."] * 30)
    text = "\n\n".join([topic_a, topic_a, topic_b, topic_b])
    modules = split_modules(text, title="Notes")
    assert len(modules) >= 2
    assert all(m.title.startswith("Part ") for m in modules)
    # The cut falls where the vocabulary changes, not inside a paragraph.
    assert "Databases" not in modules[0].body
    assert "\n\n".join(m.body for m in modules) == text.strip()


def test_short_text_without_headings_is_one_module_named_after_the_pack():
    modules = split_modules("A tensor is an array with any number of axes.", title="Tensors")
    assert [(m.title, m.body) for m in modules] == [
        ("Tensors", "A tensor is an array with any number of axes.")
    ]


def test_definitions_is_colon_bold_and_list_items():
    cards = {c.term: c for c in generate(LECTURE, title="L").cards if c.kind == "definition"}
    assert cards["Linear regression"].front == "What is Linear regression?"
    assert cards["Linear regression"].back == (
        "Linear regression is a method that models the target as a weighted sum of the features."
    )
    assert cards["Lasso"].back.startswith("Lasso: a linear model with an L1 penalty")
    assert cards["Ridge regression"].back.startswith("Ridge regression adds an L2 penalty")
    assert cards["Overfitting"].back.startswith("Overfitting means")
    assert cards["Gradient descent"].module == 1
    assert cards["Cross-validation"].source.startswith("Cross-validation is a procedure")


def test_pronouns_and_vague_subjects_are_not_terms():
    text = "# A\n\nThis is a very important idea for the exam. It is a good thing to know well."
    assert [c for c in generate(text, title="A").cards if c.kind == "definition"] == []


def test_one_card_per_term():
    text = (
        "# A\n\nBagging is an ensemble method that averages models fitted on bootstraps.\n\n"
        "# B\n\nBagging is a way to reduce variance by averaging many models.\n"
    )
    cards = [c for c in generate(text, title="A").cards if c.term == "Bagging"]
    assert len(cards) == 1 and cards[0].module == 0


def test_cloze_blanks_a_known_term_and_keeps_the_sentence():
    pack = generate(LECTURE, title="L")
    cloze = [c for c in pack.cards if c.kind == "cloze"]
    assert cloze
    for card in cloze:
        assert "_____" in card.front
        assert card.front.replace("_____", card.back) == card.source
    sources = [c.source for c in pack.cards]
    assert len(sources) == len(set(sources)), "no sentence makes two cards"


def test_quiz_distractors_are_other_terms_closest_first():
    pack = generate(LECTURE, title="L")
    by_term = {q.term: q for q in pack.questions}
    lasso = by_term["Lasso"]
    assert lasso.options[lasso.answer] == "Lasso"
    assert len(lasso.options) == 4 and len(set(lasso.options)) == 4
    assert "Elastic net" in lasso.options  # the closest definition: a linear model with penalties
    assert lasso.explanation.startswith("Lasso: a linear model")
    assert "Lasso" not in lasso.prompt


def test_similarity_prefers_shared_meaning():
    lasso = ("Lasso", "a linear model with an L1 penalty on the weights")
    ridge = ("Ridge", "a linear model with an L2 penalty on the weights")
    kmeans = ("k-means", "a clustering algorithm that assigns points to centroids")
    assert similarity(lasso, ridge) > similarity(lasso, kmeans)


def test_quiz_needs_two_other_terms():
    text = "# A\n\nBagging is an ensemble method that averages many models.\n"
    assert build_quiz(generate(text, title="A").cards) == []


def test_generation_is_deterministic():
    assert generate(LECTURE, title="L") == generate(LECTURE, title="L")


def test_key_concepts_are_phrases_without_duplicates():
    concepts = key_concepts(LECTURE)
    assert 3 <= len(concepts) <= 10
    folded = [c.lower() for c in concepts]
    assert not any(a != b and a in b for a in folded for b in folded)


def test_sentences_do_not_end_after_abbreviations():
    assert split_sentences("Use a metric, e.g. accuracy. Then stop.") == [
        "Use a metric, e.g. accuracy.",
        "Then stop.",
    ]


def test_code_blocks_are_not_read_as_definitions():
    text = "# Code\n\n```python\nx = model is None\nresult: a value that is big\n```\n"
    assert generate(text, title="C").cards == []
