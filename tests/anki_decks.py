"""Real Anki packages for tests, made by Anki's own library (the `anki` package from PyPI)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

anki_collection = pytest.importorskip("anki.collection", reason="Anki's library is not installed")

PNG = b"\x89PNG\r\n\x1a\n" + bytes(24)


def build_collection(folder: Path):
    """A collection with a two-level deck, Basic, Basic (and reversed card), Cloze and a custom
    note type with three fields, an image and a sound."""
    from anki.collection import Collection

    col = Collection(str(folder / "collection.anki2"))
    deck = col.decks.id("Statistics::Tests")
    other = col.decks.id("Machine learning")
    basic = col.models.by_name("Basic")
    note = col.new_note(basic)
    note["Front"] = "What does a <b>p-value</b> measure?"
    note["Back"] = 'The probability of data this extreme under H0.<br><img src="curve.png">'
    note.tags = ["stats", "hypothesis-testing"]
    col.add_note(note, deck)
    reversed_type = col.models.by_name("Basic (and reversed card)")
    note = col.new_note(reversed_type)
    note["Front"] = "Type I error"
    note["Back"] = "Rejecting a true null hypothesis [sound:type1.mp3]"
    col.add_note(note, deck)
    cloze = col.models.by_name("Cloze")
    note = col.new_note(cloze)
    note["Text"] = "The {{c1::median}} is robust to outliers; the {{c2::mean::statistic}} is not."
    note["Back Extra"] = "A single outlier can move the mean arbitrarily far."
    col.add_note(note, other)
    custom = col.models.new("Vocabulary")
    for name in ("Term", "Definition", "Example"):
        col.models.add_field(custom, col.models.new_field(name))
    template = col.models.new_template("Card 1")
    template["qfmt"] = "{{Term}}"
    template["afmt"] = "{{FrontSide}}<hr id=answer>{{Definition}}<br>{{Example}}"
    col.models.add_template(custom, template)
    col.models.add(custom)
    custom = col.models.by_name("Vocabulary")
    note = col.new_note(custom)
    note["Term"] = "Overfitting"
    note["Definition"] = "Fitting noise in the training data"
    note["Example"] = "A degree-15 polynomial through 16 points"
    col.add_note(note, other)
    image = folder / "curve.png"
    image.write_bytes(PNG)
    col.media.add_file(str(image))
    return col


def export_packages(folder: Path) -> dict[str, Path]:
    """The same notes as a current .apkg (anki21b), a legacy .apkg (anki21) and a .colpkg."""
    from anki.collection import ExportAnkiPackageOptions

    col = build_collection(folder)
    out = {}
    try:
        for kind, legacy in (("current", False), ("legacy", True)):
            path = folder / f"deck-{kind}.apkg"
            col.export_anki_package(
                out_path=str(path),
                options=ExportAnkiPackageOptions(
                    with_scheduling=False, with_deck_configs=False, with_media=True, legacy=legacy
                ),
                limit=None,
            )
            out[kind] = path
        path = folder / "collection.colpkg"
        col.export_collection_package(str(path), include_media=True, legacy=False)
        out["colpkg"] = path
    finally:
        col.close()
    return out


def names(path: Path) -> list[str]:
    return zipfile.ZipFile(path).namelist()
