"""Anki packages (`.apkg`, one or more decks; `.colpkg`, a whole collection) read into questions.

A package is a zip archive holding a SQLite collection: `collection.anki21b` (current Anki,
zstd-compressed, schema 18: note types, fields and decks in tables of their own),
`collection.anki21` or `collection.anki2` (older Anki, schema 11: note types and decks as JSON
in the `col` row). The newest one present is read; the others are stand-ins for old versions.

How notes land:
- Cloze note types (and any note whose first field holds well-formed `{{c1::...}}` deletions
  under a note type named "Cloze") -> cloze questions; the prompt keeps the deletions, the
  second field ("Back Extra") is the official answer.
- Other note types (Basic, Basic and reversed, custom ones): the first field is the prompt,
  the second the official answer, every further non-empty field goes to the context as
  `**Field name:** value`.
- The note's GUID makes its slug (as in the plain-text export's GUID column), so importing the
  same notes again updates instead of duplicating. The deck of the note's first card names
  the topic, with the hierarchy kept: `Stats::Tests` -> `Stats / Tests`. Tags are kept.
- Fields are HTML: converted to Markdown. Images in the package that a note shows are stored
  (see `interview.bank.media`: images only, size cap, sanitized names) and shown with
  `![name](/media/bank/...)`; an image that is missing or refused becomes `[image: name]`, said
  in the file's notes. Sounds (`[sound:...]`) are dropped and counted; a note whose first
  field is nothing but sound has nothing left to show: an unsupported item (skipped with
  `--skip-unsupported`).

Hostile packages are named problems, never errors: not a zip, no collection, a collection that
unpacks past the size limit (checked while inflating, so a zip or zstd bomb stops early), a
collection that is not SQLite or has no notes table.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import re
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from django.utils.translation import gettext

from interview.bank.cloze import cloze_problems
from interview.bank.media import MediaFile
from interview.bank.models import Question
from interview.bank.transfer.csv_format import ANKI_CLOZE_RE, anki_cloze_blanks, slug_for_key
from interview.bank.transfer.html_convert import html_to_markdown
from interview.bank.transfer.packed_media import packed_image, packed_media_notes
from interview.bank.transfer.records import TOPIC_SEPARATOR, ParsedFile, QuestionRecord
from interview.lib import figures

COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
FIELD_SEPARATOR = "\x1f"
_IMG_RE = re.compile(
    r"""<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^"'>\s]+))[^>]*>""", re.IGNORECASE
)
_ALT_RE = re.compile(r'\balt\s*=\s*"([^"]*)"', re.IGNORECASE)
_SOUND_RE = re.compile(r"\[sound:[^\]]*\]")
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


class PackageProblem(ValueError):
    pass


@dataclass(frozen=True)
class NoteType:
    name: str
    fields: tuple[str, ...]
    is_cloze: bool


def looks_like_anki_package(data: bytes) -> bool:
    if not data.startswith(b"PK"):
        return False
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError):
        return False
    return any(name in names for name in COLLECTIONS)


def _inflate(archive: zipfile.ZipFile, name: str, *, limit: int) -> bytes:
    """A member's bytes (zstd frames undone), refused as soon as they pass `limit`."""
    try:
        with archive.open(name) as stream:
            data = stream.read(limit + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as error:
        raise PackageProblem(
            gettext("the package member %(member)s cannot be read (%(error)s)")
            % {"member": repr(name), "error": error}
        ) from None
    if len(data) > limit:
        raise _too_big(name, limit)
    if not data.startswith(_ZSTD_MAGIC):
        return data
    import zstandard

    try:
        reader = zstandard.ZstdDecompressor().stream_reader(data)
        out = reader.read(limit + 1)
        while out and len(out) <= limit:
            chunk = reader.read(limit + 1 - len(out))
            if not chunk:
                break
            out += chunk
    except zstandard.ZstdError as error:
        raise PackageProblem(
            gettext("%(member)s is damaged zstd data (%(error)s)")
            % {"member": repr(name), "error": error}
        ) from None
    if len(out) > limit:
        raise _too_big(name, limit)
    return out


def _too_big(name: str, limit: int) -> PackageProblem:
    return PackageProblem(
        gettext("%(member)s unpacks to more than %(limit)s bytes (the limit)")
        % {"member": repr(name), "limit": figures.number(limit)}
    )


def _open_sqlite(data: bytes) -> sqlite3.Connection:
    if not data.startswith(b"SQLite format 3\x00") or len(data) < 100:
        raise PackageProblem(gettext("the collection is not a SQLite database"))
    header = bytearray(data)
    header[18] = header[19] = 1  # WAL mode cannot be opened from memory; the data is the same
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(bytes(header))
        connection.execute("SELECT count(*) FROM notes").fetchone()
    except sqlite3.Error as error:
        connection.close()
        raise PackageProblem(
            gettext("the collection cannot be read as an Anki collection (%(error)s)")
            % {"error": error}
        ) from None
    return connection


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while at < len(data):
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, at
    raise PackageProblem(gettext("a note type's settings are damaged"))


def _proto_kind(config: bytes) -> int:
    """Field 1 (`kind`: 0 normal, 1 cloze) of Anki's NotetypeConfig protobuf message."""
    if config[:1] == b"\x08":
        return _varint(config, 1)[0]
    return 0


def _note_types(connection: sqlite3.Connection) -> dict[int, NoteType]:
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if "notetypes" in tables:
        fields: dict[int, list[tuple[int, str]]] = {}
        for ntid, order, name in connection.execute("SELECT ntid, ord, name FROM fields"):
            fields.setdefault(int(ntid), []).append((int(order), str(name)))
        return {
            int(ntid): NoteType(
                name=str(name),
                fields=tuple(name for _, name in sorted(fields.get(int(ntid), []))),
                is_cloze=_proto_kind(bytes(config or b"")) == 1,
            )
            for ntid, name, config in connection.execute("SELECT id, name, config FROM notetypes")
        }
    with _damaged_json(gettext("the collection's table of note types is damaged")):
        models = _col_json(connection, "models")
        return {
            int(mid): NoteType(
                name=str(model.get("name", "")),
                fields=tuple(
                    str(field.get("name", ""))
                    for field in sorted(model.get("flds", []), key=lambda f: f.get("ord", 0))
                ),
                is_cloze=model.get("type") == 1,
            )
            for mid, model in models.items()
        }


def _deck_names(connection: sqlite3.Connection) -> dict[int, str]:
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if "decks" in tables:
        return {
            int(did): str(name).replace(FIELD_SEPARATOR, "::")
            for did, name in connection.execute("SELECT id, name FROM decks")
        }
    with _damaged_json(gettext("the collection's table of decks is damaged")):
        decks = _col_json(connection, "decks")
        return {int(did): str(deck.get("name", "")) for did, deck in decks.items()}


def _col_json(connection: sqlite3.Connection, column: str) -> dict:
    """A JSON table of an older collection's `col` row (note types, decks): an object."""
    row = connection.execute(f"SELECT {column} FROM col").fetchone()  # column: a name of ours
    value = json.loads(row[0]) if row and row[0] else {}
    if not isinstance(value, dict):
        raise TypeError(column)
    return value


@contextlib.contextmanager
def _damaged_json(problem: str) -> Iterator[None]:
    """Malformed, too deeply nested or oddly shaped JSON in a package is a named problem."""
    try:
        yield
    except PackageProblem:
        raise
    except (ValueError, TypeError, AttributeError, RecursionError):
        raise PackageProblem(problem) from None


def deck_topic(deck: str) -> str:
    return TOPIC_SEPARATOR.join(part.strip() for part in deck.split("::") if part.strip())[:120]


def parse_anki_package(*, name: str, data: bytes, limit: int) -> ParsedFile:
    parsed = ParsedFile(name=name)
    try:
        _read_package(parsed, data, limit=limit)
    except PackageProblem as error:
        parsed.problem(None, "package", str(error))
    return parsed


def _read_package(parsed: ParsedFile, data: bytes, *, limit: int) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise PackageProblem(
            gettext("not an Anki package: an .apkg or .colpkg is a zip archive")
        ) from None
    names = set(archive.namelist())
    collection = next((item for item in COLLECTIONS if item in names), None)
    if collection is None:
        raise PackageProblem(
            gettext("the archive holds no Anki collection (collection.anki21b, .anki21 or .anki2)")
        )
    connection = _open_sqlite(_inflate(archive, collection, limit=limit))
    members = _media_members(archive, limit=limit)

    def load(source: str) -> MediaFile | str:
        member = members.get(source)
        if member is None or member not in names:
            return gettext("not in the package")
        return packed_image(source, lambda limit: _inflate(archive, member, limit=limit))

    try:
        _read_notes(parsed, connection, load)
    except sqlite3.Error as error:
        raise PackageProblem(
            gettext("the collection cannot be read (%(error)s)") % {"error": error}
        ) from None
    finally:
        connection.close()


def _media_members(archive: zipfile.ZipFile, *, limit: int) -> dict[str, str]:
    """Anki's `media` map, file name -> member: JSON `{"0": "a.png"}` (older packages) or a
    zstd-compressed protobuf list of entries whose position is the member's name."""
    if "media" not in archive.namelist():
        return {}
    raw = _inflate(archive, "media", limit=min(limit, 16 * 1024 * 1024))
    if raw.lstrip().startswith(b"{"):
        try:
            mapping = json.loads(raw)
            return {str(name): str(member) for member, name in mapping.items()}
        except (ValueError, AttributeError, RecursionError):
            raise PackageProblem(gettext("the package's media list is damaged")) from None
    found: dict[str, str] = {}
    for index, entry in enumerate(_messages(raw, field=1)):
        names = _messages(entry, field=1)
        if names:
            found[names[0].decode("utf-8", "replace")] = str(index)
    return found


def _messages(data: bytes, *, field: int) -> list[bytes]:
    """The length-delimited values of one field of a protobuf message."""
    values, at = [], 0
    while at < len(data):
        key, at = _varint(data, at)
        wire = key & 7
        if wire == 0:
            _, at = _varint(data, at)
        elif wire == 2:
            length, at = _varint(data, at)
            if key >> 3 == field:
                values.append(data[at : at + length])
            at += length
        elif wire == 5:
            at += 4
        elif wire == 1:
            at += 8
        else:
            raise PackageProblem(gettext("the package's media list is damaged"))
    return values


def _read_notes(
    parsed: ParsedFile,
    connection: sqlite3.Connection,
    load: Callable[[str], MediaFile | str],
) -> None:
    note_types = _note_types(connection)
    decks = _deck_names(connection)
    first_deck: dict[int, int] = {}
    for nid, did in connection.execute("SELECT nid, did FROM cards ORDER BY nid, ord"):
        first_deck.setdefault(int(nid), int(did))
    images: dict[str, MediaFile | str] = {}
    sounds = 0
    rows = connection.execute("SELECT id, guid, mid, tags, flds FROM notes ORDER BY id")
    for number, (nid, guid, mid, tags, flds) in enumerate(rows, start=1):
        note_type = note_types.get(int(mid), NoteType("", (), False))
        values = str(flds).split(FIELD_SEPARATOR)
        names = list(note_type.fields) + [
            f"Field {index + 1}" for index in range(len(note_type.fields), len(values))
        ]
        sounds += sum(len(_SOUND_RE.findall(value)) for value in values)

        def markdown(value: str) -> str:
            value = _SOUND_RE.sub("", value)
            shown: list[str] = []

            def image(match: re.Match[str]) -> str:
                raw = match.group(1) or match.group(2) or match.group(3) or ""
                source = unquote(html.unescape(raw))
                if source not in images:
                    images[source] = load(source)
                stored = images[source]
                alt = _ALT_RE.search(match.group(0))
                label = re.sub(r"[\[\]()]", "", html.unescape(alt.group(1)) if alt else source)
                shown.append(
                    f"![{label}]({stored.url})" if isinstance(stored, MediaFile) else
                    f"[image: {label}]"
                )  # fmt: skip
                return f" \ue010{len(shown) - 1}\ue011 "

            text = html_to_markdown(_IMG_RE.sub(image, value)).strip()
            text = re.sub("(?m)^ (?=\ue010)", "", text)
            return re.sub("\ue010(\\d+)\ue011", lambda m: shown[int(m.group(1))], text)

        texts = [markdown(value) for value in values]
        prompt = texts[0] if texts else ""
        answer = texts[1] if len(texts) > 1 else ""
        extras = [
            f"**{field}:** {text}"
            for field, text in zip(names[2:], texts[2:], strict=False)
            if text
        ]
        record = QuestionRecord(
            file=parsed.name,
            line=number,
            slug=slug_for_key(str(guid)) if str(guid).strip() else f"anki-note-{nid}",
            topic=deck_topic(decks.get(first_deck.get(int(nid), -1), "")),
            prompt=prompt,
            official_answer=answer,
            context="\n\n".join(extras),
            tags=[tag for tag in str(tags).split() if tag],
            labels={"prompt": names[0] if names else "first field", "slug": "guid"},
        )
        clozed = note_type.is_cloze or "cloze" in note_type.name.lower()
        record.kind = Question.Kind.OPEN.value
        if clozed and not cloze_problems(prompt):
            record.kind = Question.Kind.CLOZE.value
        elif ANKI_CLOZE_RE.search(prompt):  # deletions not well formed: numbered blanks
            record.prompt, listed = anki_cloze_blanks(prompt)
            record.official_answer = "\n\n".join(part for part in (listed, answer) if part)
        if not prompt.strip() and values and _SOUND_RE.search(values[0]):
            parsed.unsupported.append((number, gettext("sound-only note")))  # nothing left to show
            continue
        if not prompt.strip():  # as in a text export: no note, skipped on request
            parsed.unsupported.append((number, gettext("note with an empty first field")))
            continue
        parsed.questions.append(record)
    packed_media_notes(parsed, images)
    if sounds:
        parsed.notes.append(
            gettext("%(count)s sound(s) dropped") % {"count": figures.number(sounds)}
        )
