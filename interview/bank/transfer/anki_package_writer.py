"""Questions written as an Anki package (`.apkg`) that Anki imports as it is.

The package is a zip archive made with the standard library:
- `collection.anki2`: a SQLite collection in the legacy schema (version 11: note types, decks
  and deck options as JSON in the single `col` row), which every Anki version still imports;
- `media`: JSON mapping each numbered member (`"0"`, `"1"`...) to the file name notes use;
- the numbered members: the images (stored `BankMedia`) that the exported notes show.

The notes are the same as the plain-text export (`anki_text`): HTML fields, Basic notes
(Front/Back; multiple choice lists its options) and Cloze notes (Text/Back Extra, one card per
deletion number), in two note types with fixed ids and names of their own. The GUID of each
note is the question's slug, so importing a newer export into Anki updates the notes instead of
duplicating them, and this app reads the package back to the same questions. Topics become
decks (`A / B` -> `A::B`, parents included), tags keep their names (spaces become `_`). Images
are referenced by their bare file name, as Anki expects (`<img src="name.png">`).
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import sqlite3
import tempfile
import zipfile
from pathlib import Path

from django.urls import reverse

from interview.bank.models import BankMedia, Question
from interview.bank.transfer.anki_text import anki_fields
from interview.bank.transfer.records import TOPIC_SEPARATOR

# Fixed ids: the same note type in every export, so Anki recognises it on the next import.
BASIC_ID = 1_700_000_000_001
CLOZE_ID = 1_700_000_000_002
# Own names: a collection's stock "Basic" and "Cloze" have other ids, and Anki would rename
# ours "Basic+" beside them.
BASIC_NAME = "Basic (interview practice)"
CLOZE_NAME = "Cloze (interview practice)"
DEFAULT_DECK_ID = 1
_CLOZE_NUMBER_RE = re.compile(r"\{\{c(\d+)::")
_TAG_RE = re.compile(r"<[^>]*>")

_SCHEMA = """
CREATE TABLE col (
    id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL, scm integer NOT NULL,
    ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL, ls integer NOT NULL,
    conf text NOT NULL, models text NOT NULL, decks text NOT NULL, dconf text NOT NULL,
    tags text NOT NULL
);
CREATE TABLE notes (
    id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL, mod integer NOT NULL,
    usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL, sfld integer NOT NULL,
    csum integer NOT NULL, flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE cards (
    id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL, ord integer NOT NULL,
    mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL, queue integer NOT NULL,
    due integer NOT NULL, ivl integer NOT NULL, factor integer NOT NULL, reps integer NOT NULL,
    lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL,
    odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL
);
CREATE TABLE revlog (
    id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL, ease integer NOT NULL,
    ivl integer NOT NULL, lastIvl integer NOT NULL, factor integer NOT NULL,
    time integer NOT NULL, type integer NOT NULL
);
CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
"""

_CSS = ".card { font-family: arial; font-size: 20px; text-align: left; }\n"


def _field(name: str, order: int) -> dict[str, object]:
    return {
        "name": name, "ord": order, "sticky": False, "rtl": False,
        "font": "Arial", "size": 20, "media": [],
    }  # fmt: skip


def _template(name: str, question: str, answer: str) -> dict[str, object]:
    return {
        "name": name, "ord": 0, "qfmt": question, "afmt": answer,
        "did": None, "bqfmt": "", "bafmt": "",
    }  # fmt: skip


def _note_type(
    *, mid: int, name: str, kind: int, fields: list[str], template: dict[str, object], mod: int
) -> dict[str, object]:
    return {
        "id": mid, "name": name, "type": kind, "mod": mod, "usn": -1, "sortf": 0,
        "did": DEFAULT_DECK_ID, "tmpls": [template],
        "flds": [_field(field, order) for order, field in enumerate(fields)],
        "css": _CSS, "latexPre": "", "latexPost": "", "latexsvg": False,
        "req": [[0, "any", [0]]], "tags": [], "vers": [],
    }  # fmt: skip


def _note_types(mod: int) -> dict[str, object]:
    basic = _note_type(
        mid=BASIC_ID, name=BASIC_NAME, kind=0, fields=["Front", "Back"], mod=mod,
        template=_template("Card 1", "{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}"),
    )  # fmt: skip
    cloze = _note_type(
        mid=CLOZE_ID, name=CLOZE_NAME, kind=1, fields=["Text", "Back Extra"], mod=mod,
        template=_template("Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>{{Back Extra}}"),
    )  # fmt: skip
    return {str(BASIC_ID): basic, str(CLOZE_ID): cloze}


def _deck(did: int, name: str, mod: int) -> dict[str, object]:
    return {
        "id": did, "name": name, "mod": mod, "usn": -1, "desc": "", "dyn": 0, "conf": 1,
        "collapsed": False, "browserCollapsed": False, "extendNew": 0, "extendRev": 0,
        "newToday": [0, 0], "revToday": [0, 0], "lrnToday": [0, 0], "timeToday": [0, 0],
    }  # fmt: skip


def _deck_ids(names: set[str]) -> dict[str, int]:
    """Every deck and its parents, with an id derived from the name (stable across exports)."""
    wanted = set()
    for name in names:
        parts = name.split("::")
        wanted.update("::".join(parts[: count + 1]) for count in range(len(parts)))
    return {
        name: 1_000_000_000 + int(hashlib.sha1(name.encode("utf-8")).hexdigest()[:12], 16) % (
            10**12
        )
        for name in sorted(wanted)
    }  # fmt: skip


def deck_name(topic_name: str) -> str:
    parts = [part.strip() for part in topic_name.split(TOPIC_SEPARATOR)]
    return "::".join(part for part in parts if part) or "Default"


def _checksum(text: str) -> int:
    """Anki's duplicate check: the first 8 hex digits of the SHA-1 of the plain first field."""
    plain = html.unescape(_TAG_RE.sub("", text)).strip()
    return int(hashlib.sha1(plain.encode("utf-8")).hexdigest()[:8], 16)


def _localize_images(text: str, used: set[str]) -> str:
    """`<img src="/media/bank/NAME">` -> `<img src="NAME">` (Anki's media folder), noting NAME."""
    prefix = reverse("bank:media", kwargs={"name": "x"})[:-1]

    def local(match: re.Match[str]) -> str:
        name = html.unescape(match.group(2))
        used.add(name)
        return f"{match.group(1)}{html.escape(name)}{match.group(3)}"

    return re.sub(
        r"""(<img\b[^>]*?\bsrc=")""" + re.escape(prefix) + r"""([^"/]+)(")""", local, text
    )


def write_anki_package(*, questions: list[Question]) -> bytes:
    mod = max((int(q.updated_at.timestamp()) for q in questions if q.updated_at), default=0)
    used_images: set[str] = set()
    notes = []
    for question in questions:
        notetype, front, back = anki_fields(question)
        front = _localize_images(front, used_images)
        back = _localize_images(back, used_images)
        notes.append((question, notetype, front, back))
    deck_ids = _deck_ids({deck_name(question.topic.name) for question, *_ in notes})
    decks = {str(DEFAULT_DECK_ID): _deck(DEFAULT_DECK_ID, "Default", mod)}
    decks.update({str(did): _deck(did, name, mod) for name, did in deck_ids.items()})

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(path)
        try:
            _fill(connection, notes=notes, decks=decks, deck_ids=deck_ids, mod=mod)
            connection.commit()
        finally:
            connection.close()
        collection = path.read_bytes()

    images = {
        image.name: bytes(image.data)
        for image in BankMedia.objects.filter(name__in=used_images).order_by("name")
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("collection.anki2", collection)
        archive.writestr("media", json.dumps({str(i): name for i, name in enumerate(images)}))
        for index, data in enumerate(images.values()):
            archive.writestr(str(index), data)
    return buffer.getvalue()


def _fill(
    connection: sqlite3.Connection,
    *,
    notes: list[tuple[Question, str, str, str]],
    decks: dict[str, object],
    deck_ids: dict[str, int],
    mod: int,
) -> None:
    connection.executescript(_SCHEMA)
    dconf = {
        "1": {
            "id": 1, "name": "Default", "mod": 0, "usn": 0, "maxTaken": 60, "autoplay": True,
            "timer": 0, "replayq": True, "dyn": False,
            "new": {"delays": [1, 10], "ints": [1, 4, 0], "initialFactor": 2500, "order": 1,
                    "perDay": 20},
            "rev": {"perDay": 200, "ease4": 1.3, "ivlFct": 1, "maxIvl": 36500, "hardFactor": 1.2},
            "lapse": {"delays": [10], "mult": 0, "minInt": 1, "leechFails": 8, "leechAction": 1},
        }
    }  # fmt: skip
    conf = {"nextPos": len(notes) + 1, "curDeck": DEFAULT_DECK_ID, "activeDecks": [1]}
    connection.execute(
        "INSERT INTO col VALUES (1, 0, ?, ?, 11, 0, 0, 0, ?, ?, ?, ?, '{}')",
        (
            mod * 1000, mod * 1000, json.dumps(conf), json.dumps(_note_types(mod)),
            json.dumps(decks), json.dumps(dconf),
        ),
    )  # fmt: skip
    card_id = 0
    for position, (question, notetype, front, back) in enumerate(notes, start=1):
        nid = 1_000_000_000_000 + position
        tags = " ".join(re.sub(r"\s+", "_", tag.name) for tag in question.tags.all())
        note_mod = int(question.updated_at.timestamp()) if question.updated_at else mod
        is_cloze = notetype == "Cloze"
        connection.execute(
            "INSERT INTO notes VALUES (?, ?, ?, ?, -1, ?, ?, ?, ?, 0, '')",
            (
                nid, question.slug, CLOZE_ID if is_cloze else BASIC_ID, note_mod,
                f" {tags} " if tags else "", f"{front}\x1f{back}",
                html.unescape(_TAG_RE.sub("", front)).strip(), _checksum(front),
            ),
        )  # fmt: skip
        orders = (
            sorted({int(n) - 1 for n in _CLOZE_NUMBER_RE.findall(front)}) or [0]
            if is_cloze
            else [0]
        )
        did = deck_ids[deck_name(question.topic.name)]
        for order in orders:
            card_id += 1
            connection.execute(
                "INSERT INTO cards VALUES (?, ?, ?, ?, ?, -1, 0, 0, ?, 0, 0, 0, 0, 0, 0, 0, 0, '')",
                (1_000_000_000_000 + card_id, nid, did, order, note_mod, position),
            )
