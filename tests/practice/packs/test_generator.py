"""The pack generator: modules, definitions, cloze cards, de-duplication and the quiz."""

from collections import Counter

from interview.practice.packs.generator import (
    CLOZE_PER_TERM,
    NOTE_CLOZE_PER_MODULE,
    Card,
    _clean_term,
    _cloze,
    _known,
    _named,
    _names,
    _reused,
    build_quiz,
    generate,
    key_concepts,
    similarity,
    split_modules,
    split_sentences,
    standalone,
)
from interview.practice.packs.reading import read_html

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


# --- rules that keep only items a reviewer would keep -----------------------------------------


def test_a_card_sentence_must_stand_alone():
    good = "Gradient descent moves the weights against the gradient of the loss function."
    assert standalone(good)
    for sentence in [
        "The loss for one example is given by:",  # a formula follows
        "This direction is related to the gradient of the loss function.",  # anaphor
        "That is, the model fits noise in the training data very closely.",
        "As we saw, the model fits noise in the training data very closely.",
        "However, the subgradient still exists and is commonly used in its place.",
        "We will now define the score function that maps pixels to scores.",  # lecture plans
        "So I can build the decision tree classifier with a few lines.",  # spoken, first person
        "A random forest basically averages the votes of many small trees.",  # filler
        "Why does the model fit noise in the training data so closely?",
        "Consider the case of two dimensional data with a linear model.",  # imperative
        "The formula given above allows us to compute the gradient numerically.",
        "By default, the forest has ten trees which is too few for most data.",  # dated
        "The method export_graphviz writes the tree as a file for the layout engine.",
        "True negative False negative True positive Actual class Predicted class.",  # table cells
    ]:
        assert not standalone(sentence), sentence


def test_labels_fragments_and_ordinals_are_not_terms():
    for term in ["Aside", "Foreshadowing", "Left", "Third step", "x-axis", "Skipping ahead"]:
        assert _clean_term(term) is None, term
    for fragment in ["approach will have two components", "models can be", "what it does"]:
        assert _clean_term(fragment) is None, fragment
    assert _clean_term("the mean of squares") == "mean of squares"
    assert _clean_term("Cross-validation") == "Cross-validation"


def test_a_definition_needs_a_copula_and_a_category():
    text = (
        "# Trees\n\n"
        "Tree-based models are one of the main tools in the toolbox of most practitioners. "
        "A decision stump is a very good start for many small problems in practice. "
        "A decision tree is a model that splits the data by thresholds on single features.\n"
    )
    terms = [c.term for c in generate(text, title="T").cards if c.kind == "definition"]
    assert terms == ["decision tree"]


def test_a_defined_term_is_a_name_the_text_uses():
    vocabulary = {"random forest", "decision trees", "ensemble methods"}
    assert _known("random forest", vocabulary)
    assert _known("Decision trees", vocabulary)
    assert _known("AUC", vocabulary)  # an acronym
    assert _known("ensemble", vocabulary)  # a word of a heading or key phrase
    assert not _known("approach", vocabulary)


def test_plural_terms_are_asked_with_are():
    text = "# Models\n\nLinear models are a family of models that weight the features.\n"
    card = next(c for c in generate(text, title="M").cards if c.kind == "definition")
    assert card.front == "What are Linear models?"


def test_a_cloze_blank_is_never_part_of_a_name_nor_repeated_in_the_sentence():
    sentence = "Gradient descent is by far the most common way of optimizing Neural Network losses."
    assert _cloze(sentence, ["Network losses"]) is None  # "Neural _____"
    # "_____ descent": the blank is part of a longer known name
    assert _cloze(sentence, ["Gradient"], names=["Gradient", "gradient descent"]) is None
    repeated = "The gradient of the loss is computed with the numerical gradient formula here."
    assert _cloze(repeated.replace(" here", ""), ["numerical gradient"]) is None
    fine = "The numerical gradient is slow to compute but very simple to implement in code."
    assert _cloze(fine, ["numerical gradient"]) == (
        "The _____ is slow to compute but very simple to implement in code.",
        "numerical gradient",
    )


def test_a_cloze_blank_is_never_a_generic_word():
    sentence = "A leaf with ten data points predicts the majority class of its samples."
    assert _cloze(sentence, ["data points"]) is None


def test_a_term_is_the_blank_of_at_most_two_cloze_cards():
    text = "# Forests\n\n" + " ".join(
        f"A random forest averages {n} decision trees grown on bootstrap samples."
        for n in ["many", "several", "hundreds of", "thousands of"]
    )
    cloze = [c for c in generate(text, title="F").cards if c.kind == "cloze"]
    assert len(cloze) >= 2
    assert max(Counter(c.back.lower() for c in cloze).values()) <= CLOZE_PER_TERM


def test_a_named_term_becomes_the_blank():
    sentence = "Mapping the features into a higher dimensional space is known as lifting."
    assert _named(sentence) == (
        "Mapping the features into a higher dimensional space is known as _____.",
        "lifting",
    )


def test_speaker_notes_are_quoted_and_give_few_cloze_cards():
    html = (
        '<textarea id="source">\n# Forests\n\n- A random forest is an ensemble of trees.\n'
        "???\nA random forest averages many decision trees grown on bootstraps.\n"
        "The random forest is robust to the choice of its decision trees settings.\n---\n"
        "</textarea>"
    )
    text = read_html(html)
    assert "> A random forest averages many decision trees" in text
    cloze = [c for c in generate(text, title="F").cards if c.kind == "cloze"]
    assert len(cloze) == NOTE_CLOZE_PER_MODULE == 0
    # The same sentences on the slide itself do make cloze cards.
    spoken = [c for c in generate(text.replace("> ", ""), title="F").cards if c.kind == "cloze"]
    assert spoken


def test_quiz_stems_do_not_give_the_answer_away_and_distractors_do_not_fit():
    def card(term, back):
        return Card("definition", f"What is {term}?", back, term, back, 0)

    cards = [
        card("high variance model", "A high variance model has very high variance in its output."),
        card("data loss", "The data loss is a sum of hinge terms over the training examples."),
        card("full data loss", "The full data loss is a sum of hinge terms over the training set."),
        card("Lasso", "Lasso is a linear model with an L1 penalty on the weights."),
        card("k-means", "K-means is a clustering algorithm that assigns points to centroids."),
        card("gradient", "The gradient is a vector of the partial derivatives of a function."),
    ]
    cards += [
        card("hinge loss", "The hinge loss is a sum of thresholded margins over the examples."),
        card("SVM cost", "The SVM cost is a sum of thresholded margins over the examples."),
    ]
    questions = {q.term: q for q in build_quiz(cards)}
    assert "SVM cost" not in questions["hinge loss"].options  # its definition fits the stem
    assert "high variance model" not in questions  # "very high variance" gives it away
    assert "full data loss" not in questions["data loss"].options  # it fits the stem too
    assert "Lasso" in questions


def test_instructions_and_slide_lines_are_not_statements():
    assert not standalone("Randomly assign each item to one of the clusters at the start.")
    assert not standalone("Calculate precision and recall by treating each class as positive.")
    assert not standalone("Miscue detection in a reading tutor for young children: High recall.")
    assert standalone("Note that the regularization penalty depends on the weights only.")


def test_a_term_the_text_names_twice_may_be_defined():
    text = (
        "Soft voting means averaging the predicted probabilities of all the models. "
        "Scikit-learn offers soft voting for classifiers with probabilities. "
        "Wobbly merging means averaging the predicted labels of some of the models."
    )
    assert not _known("Soft voting", set()) and not _known("Wobbly merging", set())
    assert _reused("Soft voting", text)
    assert not _reused("Wobbly merging", text)


def test_headings_and_emphasised_phrases_are_blanks():
    text = (
        "# Support vector machines\n\n"
        "The *hinge loss* penalises margins smaller than one on the training set.\n\n"
        "A kernel allows support vector machines to separate data that no line separates.\n\n"
        "Sums of the hinge loss over the training data make the empirical risk.\n"
    )
    modules = split_modules(text, title="S")
    assert _names(text, modules) == ["Support vector machines", "hinge loss"]
    cloze = [c for c in generate(text, title="S").cards if c.kind == "cloze"]
    assert {c.back.lower() for c in cloze} >= {"support vector machines", "hinge loss"}


def test_a_blank_followed_by_a_head_noun_is_part_of_a_name():
    sentence = (
        "The regularization penalty completes the full multiclass SVM loss of the classifier."
    )
    assert _cloze(sentence, ["multiclass SVM"]) is None
    across = "The data loss sums the hinge terms of the support vector machine loss in a batch."
    names = ["support vector", "vector machine loss"]
    assert _cloze(across, ["support vector"], names=names) is None
    assert _cloze(across, ["support vector"]) is not None


def test_an_emphasised_run_in_heading_starts_a_new_sentence():
    # Lines of a PDF page join a paragraph to the run-in heading of the next one.
    text = (
        "Optimization is the process of finding the weights that minimize the loss function. "
        "**Foreshadowing:** Later notes extend the mapping to neural networks."
    )
    sentences = split_sentences(text)
    assert sentences[0] == (
        "Optimization is the process of finding the weights that minimize the loss function."
    )
    assert sentences[1].startswith("**Foreshadowing:**")


def test_a_described_then_named_term_makes_a_definition_card_and_question():
    text = (
        "# Kernels\n\n"
        "The process of mapping input features into a higher-dimensional space is known as "
        "lifting. Lifting can make the computation expensive.\n\n"
        "A margin is the distance between the separating hyperplane and the closest points.\n\n"
        "A kernel is a function that returns the inner product of two lifted feature vectors.\n\n"
        "A hyperplane is a flat subspace whose dimension is one less than the input space.\n\n"
        "The margin and the kernel and the hyperplane are used again here.\n"
    )
    cards = generate(text, title="K").cards
    lifting = [c for c in cards if c.term == "lifting"]
    assert [(c.kind, c.front) for c in lifting] == [("definition", "What is lifting?")]
    assert lifting[0].back.startswith("The process of mapping input features")
    questions = build_quiz(cards)
    assert "lifting" in {q.term for q in questions}
    # A description that leans on an earlier sentence names nothing by itself.
    leaning = generate("# K\n\nThis mapping is known as lifting. Lifting is costly.\n", title="K")
    assert not [c for c in leaning.cards if c.kind == "definition"]


def test_a_lone_definition_takes_its_distractors_from_the_packs_cloze_answers():
    def card(kind, term, back):
        return Card(kind=kind, front="f", back=back, term=term, source=back, module=0)

    back = "Lifting is the mapping of input features into a higher-dimensional feature space."
    cards = [
        card("definition", "lifting", back),
        card("cloze", "kernel trick", "kernel trick"),
        card("cloze", "hinge loss", "hinge loss"),
        card("cloze", "support vectors", "support vectors"),
        card("cloze", "feature space", "feature space"),  # its words are in the stem: it fits
    ]
    [question] = build_quiz(cards)
    assert question.term == "lifting"
    assert sorted(question.options) == ["hinge loss", "kernel trick", "lifting", "support vectors"]
    assert question.options[question.answer] == "lifting"


# --- names, more definition forms and stricter blanks (general rules, made-up text) ---------


def test_an_abbreviation_whose_letters_spell_the_initials_gets_a_card_either_way_round():
    from interview.practice.packs.generator import abbreviations

    pairs = abbreviations(
        "We train with Stochastic Gradient Descent (SGD) and compare to the One-Vs-All (OVA) "
        "scheme; RBF (Radial Basis Function) kernels follow."
    )
    assert pairs == [
        ("SGD", "Stochastic Gradient Descent"),
        ("OVA", "One-Vs-All"),
        ("RBF", "Radial Basis Function"),
    ]


def test_a_parenthesised_word_or_letters_that_do_not_spell_the_words_are_no_abbreviation():
    from interview.practice.packs.generator import abbreviations

    assert abbreviations("The paper by Weston (pdf) and the loss (left) and a model (XYZ).") == []


def test_abbreviation_and_other_name_cards_are_made_but_not_quizzed():
    text = (
        "# Training\n\nThe learning rate is a number that scales each step of the updates. "
        "We use Stochastic Gradient Descent (SGD) on mini-batches of the training data. "
        "Choosing the step size (also called the learning rate) matters a lot.\n\n"
        "The step size decides how far each update moves."
    )
    pack = generate(text, title="T")
    fronts = {c.front: c.back for c in pack.cards}
    assert fronts["What does SGD stand for?"] == "Stochastic Gradient Descent"
    assert all("stand for" not in q.prompt for q in pack.questions)


def test_other_names_need_a_named_first_term_and_not_an_adverb():
    from interview.practice.packs.generator import other_names

    sentence = "Choosing the step size (also called the learning rate) matters."
    assert other_names(sentence, {"step size"}) == [("step size", "learning rate")]
    assert other_names(sentence, set()) == []  # "step size" is no name of the text
    slowly = "Data that changes slowly (also known as drifting data) is common."
    assert other_names(slowly, {"slowly"}) == []


def test_a_category_alone_is_not_a_definition():
    # "X is a ranking metric." names a kind, not which one: the card would be false.
    from interview.practice.packs.generator import _definition

    assert _definition("AUC is a ranking metric.", is_item=False) is None
    assert _definition("AUC is a metric that ranks the scores.", is_item=False)


def test_measures_and_quantifies_define_a_term_but_not_a_garbled_line():
    from interview.practice.packs.generator import _definition

    found = _definition(
        "The loss function measures how far the predictions fall from the labels.", is_item=False
    )
    assert found and found[0] == "loss function"
    assert _definition("MAPE captures is the percentage error.", is_item=False) is None


def test_an_appositive_other_name_does_not_hide_the_definition():
    from interview.practice.packs.generator import _definition

    found = _definition(
        "Gradient descent, also called steepest descent, is an algorithm that follows the "
        "negative gradient.",
        is_item=False,
    )
    assert found and found[0] == "Gradient descent"


def test_glossary_list_items_define_their_term_but_a_contrast_does_not():
    from interview.practice.packs.generator import _definition

    found = _definition(
        "**Sensitivity**: the share of actual positives that are found.", is_item=True
    )
    assert found and found[0] == "Sensitivity"
    dashed = _definition(
        "Precision \u2014 the share of predicted positives that are right.", is_item=True
    )
    assert dashed and dashed[0] == "Precision"
    assert _definition("Emails: spam vs. not spam at all.", is_item=True) is None
    assert _definition("Sensitivity: see the slides of week two.", is_item=True) is None
    # In running text a colon needs "a/an/the <category>".
    assert _definition("Sensitivity: the share of actual positives that are found.", is_item=False)


def test_the_goal_of_a_term_makes_a_card_asking_for_it():
    text = (
        "# Regression\n\nThe goal of *regression* is to predict a number from the features of "
        "an example.\n\nLinear regression is one kind of regression."
    )
    card = next(c for c in generate(text, title="T").cards if c.kind == "definition")
    assert card.front == "What is the goal of regression?"
    assert card.back.startswith("The goal of regression is to predict")


def test_figure_captions_make_no_cards():
    text = (
        '# Loss\n\n<div class="figcaption">\n  The data loss is a sum of terms that each depend '
        "on one weight.\n</div>\n\nThe data loss is the average of the losses over the examples."
    )
    card = next(c for c in generate(text, title="T").cards if c.term == "data loss")
    assert card.back.startswith("The data loss is the average")


def test_cloze_sentences_must_be_self_contained_facts():
    from interview.practice.packs.generator import cloze_fact

    assert cloze_fact("Label shift is a reasonable assumption when the labels cause the inputs.")
    for sentence in [
        "Compared to the softmax classifier, the SVM is a local objective.",  # a comparison
        "To be precise, the multiclass loss uses the hinge loss here.",  # a scene-setting phrase
        "The squared hinge loss can instead work better on some datasets.",  # "instead"
        "Say a company wanted to build a credit model for its clients.",  # an anecdote
    ]:
        assert not cloze_fact(sentence), sentence


def test_a_blank_is_a_name_of_two_words_or_more_and_never_swallows_a_verb():
    sentence = "Naive Bayes assumes the features are independent given the class label."
    assert _cloze(sentence, ["Naive Bayes assumes"]) is None  # "_____ the features ..."
    assert _cloze(sentence, ["features"]) is None  # one common word: a guessing game
    found = _cloze(sentence, ["Naive Bayes"])
    assert found == (
        "_____ assumes the features are independent given the class label.",
        "Naive Bayes",
    )


def test_an_emphasised_term_with_a_relative_clause_is_defined_by_what_it_does():
    # General: "a/an/the **X** that/which <verb>s ..." in any note.
    from interview.practice.packs.generator import _emphasised_relative

    found = _emphasised_relative(
        "The method has two parts: a **score function** that maps the raw data to class scores, "
        "and a **loss function** that measures the errors."
    )
    assert found == ("score function", "A score function maps the raw data to class scores.", False)


def test_an_emphasised_relative_clause_that_is_vague_spoken_or_before_a_formula_is_not():
    from interview.practice.packs.generator import _emphasised_relative

    for text in [
        "We need an *algorithm* that produces the best-possible model.",  # one common word
        "Then comes the **Softmax classifier**, which has a different loss function.",  # vague
        "We use a **measure of goodness** that tells us how well the model serves us.",  # spoken
        "It uses a **cross-entropy loss** that has the form:",  # a formula follows
        "A **kernel trick** that computing inner products cheaply needs.",  # no verb in -s
    ]:
        assert _emphasised_relative(text) is None, text


def test_a_name_whose_abbreviation_stands_in_the_answer_is_no_distractor():
    text = (
        "# SVM\n\nThe Support Vector Machine (SVM) is a classic classifier for two classes.\n\n"
        "A **Structured SVM** that maximizes the margin between the correct class score and the "
        "best wrong score is used for many classes.\n\nAnother name: All-vs-All (AVA) and "
        "One-Vs-Rest (OVR) schemes, Maximum Likelihood Estimation (MLE) and the "
        "**softmax function** that turns scores into probabilities over the classes."
    )
    pack = generate(text, title="T")
    question = next(q for q in pack.questions if q.term == "Structured SVM")
    assert "Support Vector Machine" not in question.options


def test_a_quiz_never_offers_two_names_of_one_thing():
    from interview.practice.packs.generator import synonym_groups

    def card(kind, term, back):
        return Card(kind=kind, front="f", back=back, term=term, source=back, module=0)

    cards = [
        card("definition", "momentum", "Momentum is a running average of past gradient steps."),
        card("cloze", "step size", "step size"),
        card("cloze", "learning rate", "learning rate"),
        card("cloze", "weight decay", "weight decay"),
        card("cloze", "mini-batch", "mini-batch"),
        card("cloze", "root mean square propagation", "root mean square propagation"),
        card("cloze", "RMSProp", "RMSProp"),
    ]
    groups = synonym_groups(
        [("step size", "learning rate"), ("RMSProp", "root mean square propagation")]
    )
    [question] = build_quiz(cards, synonyms=groups)
    picked = {group for group in (groups.get(o.lower(), o.lower()) for o in question.options)}
    assert len(picked) == len(question.options) == 4
    # The answer's own other name is no distractor either.
    groups = synonym_groups([("momentum", "heavy ball"), ("heavy ball", "HB")])
    assert groups["hb"] == groups["momentum"]
    cards.append(card("cloze", "heavy ball", "heavy ball"))
    [question] = build_quiz(cards, synonyms=groups)
    assert "heavy ball" not in question.options


def test_key_concepts_leave_out_latex_markup_people_and_fillers():
    text = (
        "# Margins\n\nAda Quillfeather\n\n"
        "Copyright 2031 Ada Quillfeather, CC BY-SA 4.0\n\n"
        + (
            "The margin classifier maximises the margin $\\frac{1}{\\|w\\|}$ with "
            "\\(\\langle w, x \\rangle\\) scores, basically. "
            '<div class="figure"><img src="margin.png"></div> '
            "Support vectors lie on the margin boundary. The hinge loss penalises "
            "points inside the margin boundary. Basically the kernel trick lifts features.\n\n"
        )
        * 4
    )
    concepts = [c.lower() for c in key_concepts(text)]
    joined = " ".join(concepts)
    for word in ("frac", "langle", "rangle", "div", "img", "png", "class", "figure"):
        assert word not in joined.split()
    assert "ada" not in joined and "quillfeather" not in joined and "by-sa" not in joined
    assert "basically" not in concepts
    assert any("margin" in c for c in concepts)


def test_a_heading_defined_by_a_share_question_gets_a_restated_card():
    from interview.practice.packs.generator import _question_definition

    assert _question_definition(
        "Hit rate", "Among the alarms raised, what share are real intrusions?"
    ) == ("hit rate", "Among the alarms raised, the share that are real intrusions.")
    assert _question_definition(
        "Coverage", "Of all faults present, what fraction do we detect in testing?"
    ) == ("coverage", "Of all faults present, the fraction that we detect in testing.")
    assert _question_definition("Yield", "What proportion of wafers are free of defects?") == (
        "yield",
        "The proportion of wafers that are free of defects.",
    )
    # Any other question, or a heading that is no short name, gives nothing.
    assert _question_definition("Hit rate", "Why do alarms fail so often?") is None
    assert _question_definition("What to do next", "Of all runs, what share are slow?") is None
    text = (
        "## Hit rate\n\nAmong the alarms raised, what share are real intrusions?\n\n"
        "A high hit rate keeps the analysts' trust in the alarms.\n"
    )
    cards = [c for c in generate(text, title="A").cards if c.front == "What is hit rate?"]
    assert [c.back for c in cards] == [
        "Among the alarms raised, the share that are real intrusions."
    ]
