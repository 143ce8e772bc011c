"""Uploads: each accepted type is read; each hostile or wrong file is refused with a clear
message, through the upload page, and nothing is written."""

import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interview.bank.models import Topic
from interview.practice.models import PackDraft
from interview.practice.packs import reading
from interview.practice.packs.reading import ReadError, read_upload
from tests.pdf_support import make_bomb_pdf, make_pdf

LINES = [
    "Decision trees",
    "A decision tree is a model that splits the data by simple rules on one feature.",
    "Each leaf predicts the majority class of its training examples, or their mean.",
    "- Gini impurity: the chance that two random examples of a node differ in class.",
]


def test_pdf_text_pages_become_markdown_with_headings_and_lists():
    text = read_upload(name="lecture.pdf", data=make_pdf([LINES, ["Forests", *LINES[1:]]]))
    assert text.startswith("## Decision trees\n\nA decision tree is a model")
    assert "- Gini impurity: the chance" in text
    assert "## Forests" in text


def test_html_loses_scripts_and_styles_and_keeps_structure():
    html = (
        "<html><head><style>body{color:red}</style><script>alert('x')</script></head><body>"
        "<h1>Trees</h1><p>A <b>decision tree</b> is a model that splits data by rules.</p>"
        "<script>document.write('evil')</script><ul><li>Gini: impurity of a node split</li></ul>"
        + "<p>More words about trees and forests and their many uses in practice.</p>" * 3
        + "</body></html>"
    )
    text = read_upload(name="notes.html", data=html.encode())
    assert "# Trees" in text and "**decision tree**" in text and "- Gini" in text
    assert "alert" not in text and "evil" not in text and "color" not in text


def test_markdown_and_text_are_read_as_utf8_with_a_bom():
    body = "# Title\n\n" + "Bagging is an ensemble method that averages many models. " * 5
    assert read_upload(name="a.md", data=("\ufeff" + body).encode()).startswith("# Title")
    assert read_upload(name="a.txt", data=body.encode()) == body


HOSTILE = {
    "wrong type (a PDF named .md)": ("notes.md", make_pdf([LINES]), "not text"),
    "wrong type (text named .pdf)": ("notes.pdf", b"Just some words " * 20, "not a PDF"),
    "zip named .txt": ("notes.txt", b"PK\x03\x04" + zlib.compress(b"x" * 1000), "not text"),
    "unsupported extension": ("notes.docx", b"whatever " * 20, "Unsupported file type"),
    "encrypted PDF": ("a.pdf", make_pdf([LINES], password="secret"), "encrypted"),
    "PDF with JavaScript": ("a.pdf", make_pdf([LINES], javascript="app.alert(1)"), "scripts"),
    "zip bomb stream": ("a.pdf", make_bomb_pdf(inflated_mb=60), "too large once decompressed"),
    "thousands of pages": ("a.pdf", make_pdf([LINES], blank_pages=2000), "2,001 pages"),
    "scanned (no text layer)": ("a.pdf", make_pdf([[], [], []]), "no text layer"),
    "empty": ("a.md", b"   \n", "empty"),
    "binary garbage": ("a.txt", bytes(range(256)) * 40, "not text"),
    "latin-1 bytes": ("a.txt", "Caf\xe9 notes about trees ".encode("latin-1") * 20, "not UTF-8"),
    "damaged PDF": ("a.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 200, "cannot be read"),
    "too few words": ("a.md", b"# Title\n\nOnly five words here.", "too short"),
}


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_hostile_files_are_refused(case):
    name, data, message = HOSTILE[case]
    with pytest.raises(ReadError, match=message):
        read_upload(name=name, data=data)


def test_files_above_the_size_limit_are_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_UPLOAD_BYTES", 1000)
    with pytest.raises(ReadError, match="larger than"):
        read_upload(name="a.md", data=b"word " * 500)


def test_texts_above_the_character_limit_are_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_TEXT_CHARS", 500)
    with pytest.raises(ReadError, match="longer than"):
        read_upload(name="a.md", data=b"word " * 200)


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_the_upload_page_refuses_hostile_files_and_writes_nothing(alice_client, case):
    name, data, message = HOSTILE[case]
    response = alice_client.post(
        reverse("practice:pack_upload"), {"file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PackDraft.objects.exists()
    assert not Topic.objects.filter(owner__isnull=False).exists()


@pytest.mark.django_db
def test_a_file_larger_than_the_limit_is_dropped_while_it_arrives(alice_client, monkeypatch):
    from interview.practice.packs import uploads

    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 100_000)
    monkeypatch.setattr(reading, "MAX_UPLOAD_BYTES", 100_000)
    data = b"# Notes\n\n" + b"Bagging is an ensemble method that averages models. " * 5000
    response = alice_client.post(
        reverse("practice:pack_upload"), {"file": SimpleUploadedFile("big.md", data)}
    )
    assert response.status_code == 413
    assert "larger than" in response.content.decode()
    assert not PackDraft.objects.exists()


def test_a_real_slide_deck_without_a_text_layer_gets_the_scanned_message():
    from pathlib import Path

    path = (
        Path(__file__).parents[2] / "data" / "packs_scanned" / "data414-gradient-descent-slides.pdf"
    )
    with pytest.raises(ReadError, match="no text layer"):
        read_upload(name=path.name, data=path.read_bytes())


def test_every_real_lecture_reads_and_makes_cards():
    from pathlib import Path

    from interview.practice.packs.generator import generate

    folder = Path(__file__).parents[2] / "data" / "packs"
    documents = sorted(
        p for p in folder.iterdir() if p.suffix in reading.FORMATS and p.name != "SOURCES.md"
    )
    assert len(documents) >= 8
    with_cards = 0
    for path in documents:
        pack = generate(read_upload(name=path.name, data=path.read_bytes()), title=path.stem)
        assert pack.modules, path.name
        with_cards += bool(pack.cards)
    # Precision over quantity: a note whose statements are formulas and slide fragments may
    # give no card at all, but most real lectures give some.
    assert with_cards >= len(documents) * 2 // 3


# --- rebuilding a PDF's text (general rules, each checked on made-up text) --------------------


def test_ligatures_odd_spaces_and_soft_hyphens_are_normalised():
    assert (
        reading.normalise_pdf_text("ﬁnd the ﬂow\u00a0of  e\u00adﬀort") == "find the flow of effort"
    )


def test_lines_repeated_on_most_pages_and_page_numbers_are_dropped():
    # A running header and a numbered footer on every page, whatever the page's number.
    pages = [
        ["Course 101 - Week 3", f"Topic {n}", f"Sentence number {n} of the notes is here.", f"{n}"]
        for n in range(1, 5)
    ]
    pages = [[p[0], p[1], p[2], f"Page {n} of 4"] for n, p in enumerate(pages, start=1)]
    text = read_upload(name="notes.pdf", data=make_pdf([*pages, ["Word " * 30]]))
    assert "Course 101" not in text and "Page 1" not in text and "of 4" not in text
    assert "## Topic 1\n\nSentence number 1 of the notes is here." in text


def test_lines_of_a_short_document_are_kept_even_when_repeated():
    assert reading.repeated_lines([["Same", "a"], ["Same", "b"]]) == set()


def test_lines_of_a_paragraph_are_joined_and_paragraphs_split_at_finished_sentences():
    text = reading.pdf_markdown(
        [
            "Overview of the method\nA decision tree splits the data\nby simple rules on one "
            "feature.\nEach leaf predicts the majority\nclass of its examples."
        ]
    )
    assert text == (
        "## Overview of the method\n\nA decision tree splits the data by simple rules on one "
        "feature.\n\nEach leaf predicts the majority class of its examples."
    )


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        # The joined word occurs elsewhere in the text: the hyphen was the line break's.
        ("Trees do classi-\nfication well. Classification is a task.", "classification well"),
        # A lowercase word split in two, never written with a hyphen: joined.
        ("The model is regu-\nlarised by a penalty term here.", "regularised by"),
        # A capitalised part that the text never writes whole: a real hyphen ("K-means").
        ("We then run K-\nmeans on all the data points.", "K-means on"),
        # The text writes the hyphenated form elsewhere: the hyphen stays.
        ("A well-known model. Another well-\nknown model is here.", "well-known model is"),
    ],
)
def test_words_broken_at_a_line_end_are_rejoined_only_when_the_text_supports_it(lines, joined):
    assert joined in reading.pdf_markdown([lines])


@pytest.mark.parametrize(
    "heading",
    ["2.3 Loss functions for training", "GRADIENT DESCENT METHODS", "Support Vector Machines"],
)
def test_numbered_capitalised_and_title_case_lines_before_body_text_are_headings(heading):
    page = f"The previous paragraph ends here without a full stop\n{heading}\nBody text follows."
    assert f"## {heading}\n\nBody text follows." in reading.pdf_markdown([page])


@pytest.mark.parametrize(
    "line",
    [
        "the last line of a sentence",  # lowercase: part of a paragraph
        "Accuracy = 1 - Error",  # a formula
        "The end of a sentence.",  # ends a sentence
        "Sum of squared distances: 68.26",  # a value, not a title
    ],
)
def test_prose_formulas_and_values_are_not_headings(line):
    assert "##" not in reading.pdf_markdown(
        [f"A first line of the page that holds a good many words in it, then\n{line}\nNext one."]
    )


def test_formula_and_figure_debris_is_dropped_but_a_sentence_ending_in_a_formula_is_kept():
    page = (
        "Accuracy counts the items whose label\nis predicted correctly.\n"
        "\u2211N\nn=1 I\nw\nJ\nKX\n"
        "Recall asks which fraction is predicted\nas y = 1?"
    )
    text = reading.pdf_markdown([page])
    assert "\u2211" not in text and "KX" not in text and "\nw\n" not in text
    assert "which fraction is predicted as y = 1?" in text


def test_bullets_with_or_without_a_space_and_several_on_one_line_become_items():
    text = reading.pdf_markdown(
        ["Kinds of tasks\n\u2022Spam or not spam \u2022Reviews: good or bad"]
    )
    assert "- Spam or not spam\n\n- Reviews: good or bad" in text


def test_markdown_math_with_escaped_delimiters_becomes_plain_math():
    source = (
        "Inputs \\\\( x_i \\in R^D \\\\) with labels \\\\(y_i\\\\).\n\n"
        "\\\\[\nL = \\frac{1}{N} \\sum_i L_i\n\\\\]\n\n"
        "Code keeps it: `\\\\(a\\\\)`\n\n```\nprint('\\\\(b\\\\)')\n```\n\n"
        "A lone \\\\( opener\n\nstays.\\\\) there.\n"
    )
    text = reading.markdown_math(source)
    assert "Inputs \\( x_i \\in R^D \\) with labels \\(y_i\\)." in text
    assert "\\[\nL = \\frac{1}{N} \\sum_i L_i\n\\]" in text
    assert "`\\\\(a\\\\)`" in text and "print('\\\\(b\\\\)')" in text
    assert "A lone \\\\( opener\n\nstays.\\\\) there." in text
    body = ("Weights \\\\(W\\\\) map pixels to scores for each class in turn. " * 5).encode()
    assert "\\(W\\)" in read_upload(name="a.md", data=body)
    assert "\\\\(W\\\\)" in read_upload(name="a.txt", data=body)
