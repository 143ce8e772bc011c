"""The grader in the answer's language: per language, a correct paraphrase is covered and a
negated statement is not; each rule fails when the language's list or setting is taken away."""

import dataclasses

import pytest

from interview.practice.grading import KeyPointInput, grade_answer, languages, text

# language: (prompt, key point, paraphrase that covers it, negated statement)
CASES = {
    "fr": (
        "À quoi sert le dropout ?",
        "Le dropout désactive des neurones au hasard pendant l'entraînement",
        "À chaque itération de l'entraînement, des neurones tirés au hasard sont désactivés.",
        "Pendant l'entraînement, le dropout ne désactive pas de neurones au hasard.",
    ),
    "de": (
        "Was macht Dropout?",
        "Dropout deaktiviert während des Trainings zufällig ausgewählte Neuronen",
        "Beim Training werden in jedem Schritt zufällig gewählte Neuronen deaktiviert.",
        "Dropout deaktiviert beim Training keine Neuronen.",
    ),
    "es": (
        "¿Para qué sirve el dropout?",
        "El dropout desactiva neuronas al azar durante el entrenamiento",
        "En cada paso del entrenamiento, algunas neuronas elegidas al azar quedan desactivadas.",
        "Durante el entrenamiento el dropout nunca desactiva ninguna neurona al azar.",
    ),
    "pt": (
        "Para que serve o dropout?",
        "O dropout desativa neurônios aleatoriamente durante o treinamento",
        "Em cada passo do treinamento, alguns neurônios escolhidos ao acaso ficam desativados.",
        "O dropout não desativa nenhum neurônio durante o treinamento.",
    ),
    "it": (
        "A cosa serve il dropout?",
        "Il dropout disattiva neuroni a caso durante l'addestramento",
        "Durante l'addestramento, alcuni neuroni scelti casualmente vengono disattivati.",
        "Durante l'addestramento il dropout non disattiva nessun neurone a caso.",
    ),
}


def without(monkeypatch, code, **changes):
    """Grade ``code`` with some of its lists or settings replaced."""
    changed = dataclasses.replace(languages.LANGUAGES[code], **changes)
    monkeypatch.setitem(languages.LANGUAGES, code, changed)


def verdict(answer, point, prompt, language):
    return grade_answer(
        answer=answer, key_points=[KeyPointInput(text=point)], prompt=prompt, language=language
    ).points[0]


@pytest.mark.parametrize("language", sorted(CASES))
def test_a_paraphrase_in_the_language_is_covered(language):
    prompt, point, paraphrase, _ = CASES[language]
    result = verdict(paraphrase, point, prompt, language)
    assert (result.status, result.evidence) == ("covered", paraphrase)


@pytest.mark.parametrize("language", sorted(CASES))
def test_a_negated_statement_in_the_language_is_contradicted(language, monkeypatch):
    prompt, point, _, negated = CASES[language]
    result = verdict(negated, point, prompt, language)
    assert (result.covered, result.status) == (False, "contradicted")

    without(monkeypatch, language, negation_cues=frozenset())
    assert verdict(negated, point, prompt, language).covered


def test_the_language_s_stemmer_and_stop_words_are_used():
    prompt, point, paraphrase, _ = CASES["pt"]
    assert verdict(paraphrase, point, prompt, "pt").covered
    assert not verdict(paraphrase, point, prompt, "en").covered


@pytest.mark.parametrize(
    ("language", "answer"),
    [
        ("fr", "Pendant l'entrainement, on desactive quelques neurones choisis au hasard."),
        ("pt", "Durante o treinamento alguns neuronios sao desativados aleatoriamente."),
    ],
)
def test_accents_are_folded(language, answer):
    prompt, point, _, _ = CASES[language]
    assert verdict(answer, point, prompt, language).covered


def test_a_cue_typed_without_its_accent_still_negates():
    prompt, point, _, _ = CASES["pt"]
    answer = "O dropout nao desativa nenhum neuronio durante o treinamento."
    assert verdict(answer, point, prompt, "pt").status == "contradicted"


def test_german_negation_reaches_its_whole_clause(monkeypatch):
    prompt, point, _, _ = CASES["de"]
    late = "Beim Training werden die Neuronen nicht zufällig deaktiviert."
    assert verdict(late, point, prompt, "de").status == "contradicted"
    keine = "Dropout deaktiviert beim Training keine Neuronen."
    assert verdict(keine, point, prompt, "de").status == "contradicted"
    without(monkeypatch, "de", clause_negation=frozenset())
    assert verdict(keine, point, prompt, "de").covered


def test_a_negation_ends_with_its_clause_in_other_languages():
    prompt, point, _, _ = CASES["es"]
    answer = "No es magia, pero el dropout desactiva neuronas al azar durante el entrenamiento."
    assert verdict(answer, point, prompt, "es").covered
    de_prompt, de_point, _, _ = CASES["de"]
    answer = "Dropout löscht keine Gewichte, sondern deaktiviert im Training zufällig Neuronen."
    assert verdict(answer, de_point, de_prompt, "de").covered


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("fr", "fr"),
        ("FR", "fr"),
        (" pt-BR ", "pt"),
        ("de_AT", "de"),
        ("", "en"),
        ("xx", "en"),
        (None, "en"),
        ("fr\x00", "en"),
        ("../../de", "en"),
        ("e" * 10_000, "en"),
    ],
)
def test_language_codes_are_resolved(code, expected):
    assert languages.resolve(code).code == expected


def test_an_unknown_language_is_graded_as_english():
    point = KeyPointInput(text="Stratified folds preserve class proportions")
    answer = "Use stratified folds, which keep the class ratio about the same in each part."
    assert grade_answer(answer=answer, key_points=[point], language="xx").points[0].covered


def test_the_language_does_not_leak_out_of_the_call():
    prompt, point, _, negated = CASES["fr"]
    verdict(negated, point, prompt, "fr")
    assert languages.active().code == "en"


def test_italian_ne_is_a_cue_only_when_accented(monkeypatch):
    prompt, point, _, _ = CASES["it"]
    answer = "Se ne disattivano a caso alcuni neuroni durante l'addestramento."
    assert verdict(answer, point, prompt, "it").covered
    without(monkeypatch, "it", unfoldable=frozenset())
    assert verdict(answer, point, prompt, "it").status == "contradicted"


def test_stems_are_folded(monkeypatch):
    with languages.use("fr"):
        assert text.stem("entraînement") == text.stem("entrainement") == "entrain"
    monkeypatch.setattr(text, "fold", lambda word: word)
    text._stem.cache_clear()
    try:
        with languages.use("fr"):
            assert text.stem("entraînement") != text.stem("entrainement")
    finally:
        monkeypatch.undo()
        text._stem.cache_clear()


def test_french_pas_after_a_determiner_is_a_step_not_a_negation(monkeypatch):
    point = KeyPointInput(text="Un taux d'apprentissage trop grand fait diverger la descente")
    prompt = "Comment choisir le taux d'apprentissage ?"
    answer = "Un pas trop grand fait diverger la descente de gradient."
    assert (
        grade_answer(answer=answer, key_points=[point], prompt=prompt, language="fr")
        .points[0]
        .covered
    )
    without(monkeypatch, "fr", noun_cues={})
    assert (
        not grade_answer(answer=answer, key_points=[point], prompt=prompt, language="fr")
        .points[0]
        .covered
    )


def test_single_letters_are_notation_not_stop_words(monkeypatch):
    point = KeyPointInput(
        text="Chaque unité est mise à zéro avec une probabilité p", keywords=("probabilité p",)
    )
    prompt = "Que fait le dropout ?"
    answer = "Le dropout éteint chaque neurone avec une probabilité p."
    assert verdict(answer, point.text, prompt, "fr").status == "missed"
    result = grade_answer(answer=answer, key_points=[point], prompt=prompt, language="fr")
    assert result.points[0].covered
    french = languages.LANGUAGES["fr"]
    without(monkeypatch, "fr", stop_words=french.stop_words | languages._LETTERS)
    result = grade_answer(answer=answer, key_points=[point], prompt=prompt, language="fr")
    assert not result.points[0].covered


def test_german_ohne_and_statt_reach_forward_only(monkeypatch):
    point = "Dropout führt zu redundanten und robusten Merkmalen"
    prompt = "Warum hilft Dropout?"
    answer = "Das Netz lernt redundante, robuste Merkmale statt empfindlicher Ko-Adaptionen."
    assert verdict(answer, point, prompt, "de").covered
    german = languages.LANGUAGES["de"]
    without(monkeypatch, "de", clause_negation=german.clause_negation | {"statt"})
    assert not verdict(answer, point, prompt, "de").covered


@pytest.mark.parametrize(
    ("language", "point", "answer"),
    [
        (
            "es",
            "Las redes profundas aprenden fronteras de decisión curvas",
            "La activación no lineal hace que las redes profundas aprendan fronteras de "
            "decisión curvas.",
        ),
        (
            "it",
            "Le reti profonde imparano confini di decisione curvi",
            "L'attivazione non lineare fa sì che le reti profonde imparino confini di decisione "
            "curvi.",
        ),
        (
            "fr",
            "Les réseaux profonds apprennent des frontières de décision courbes",
            "L'activation non linéaire permet aux réseaux profonds d'apprendre des frontières "
            "de décision courbes.",
        ),
    ],
)
def test_no_before_a_term_names_the_term_and_negates_nothing(language, point, answer, monkeypatch):
    prompt = "?"
    assert verdict(answer, point, prompt, language).covered
    without(monkeypatch, language, term_prefixes=frozenset())
    assert not verdict(answer, point, prompt, language).covered


def test_french_ne_que_restricts_and_does_not_negate(monkeypatch):
    point = "Chaque sortie dépend seulement d'un petit voisinage de l'entrée"
    prompt = "Pourquoi une convolution a-t-elle peu de paramètres ?"
    answer = "Chaque sortie ne dépend que d'un petit voisinage de l'entrée."
    assert verdict(answer, point, prompt, "fr").covered
    negated = "Chaque sortie ne dépend pas d'un petit voisinage de l'entrée."
    assert not verdict(negated, point, prompt, "fr").covered
    without(monkeypatch, "fr", restrictive=(frozenset(), frozenset()))
    assert not verdict(answer, point, prompt, "fr").covered


def test_every_language_reads_its_own_column_of_the_sibling_table():
    columns = {code: languages._siblings(code) for code in ("fr", "de", "es", "pt", "it")}
    assert {len(pairs) for pairs in columns.values()} == {11}
    assert columns["de"][2] == ("verzerrung", "varianz")
    assert columns["it"][-1] == ("positivo", "negativo")
    for code, pairs in columns.items():
        assert set(pairs) <= set(languages.LANGUAGES[code].opposites)
