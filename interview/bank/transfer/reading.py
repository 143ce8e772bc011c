"""Getting import files in: size limit, encoding, format detection, folders and zip archives."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext, gettext_noop

from interview.bank.transfer.records import Problem
from interview.lib.figures import number

FORMATS = ("json", "csv", "tsv", "md", "gift", "xml")
FORMAT_NAMES = {
    "json": "JSON", "csv": "CSV", "tsv": "TSV", "md": "Markdown", "gift": "GIFT",
    "xml": "Moodle XML",
}  # fmt: skip
EXTENSIONS = {
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".txt": "tsv",  # Anki's "Notes in Plain Text" export: tab-separated
    ".md": "md",
    ".markdown": "md",
    ".gift": "gift",
    ".xml": "xml",
}
# Files an editor may bring that are not read (yet): named, with what to do instead.
NOT_READ = {
    ".xlsx": gettext_noop("a spreadsheet workbook: save it as 'CSV UTF-8' and import the CSV"),
    ".xls": gettext_noop("a spreadsheet workbook: save it as 'CSV UTF-8' and import the CSV"),
    ".ods": gettext_noop("a spreadsheet workbook: save it as CSV (UTF-8) and import the CSV"),
    ".docx": gettext_noop("a word-processor document: save it as Markdown or plain text first"),
}  # translated where the problem is made (importer.parse_file)
DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024
ZIP_UNPACKED_FACTOR = 5  # a zip may unpack to five times the per-file limit, in all


def max_file_bytes() -> int:
    """The size limit for one import file (setting `BANK_IMPORT_MAX_FILE_BYTES`, 10 MiB)."""
    return int(getattr(settings, "BANK_IMPORT_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES))


@dataclass(frozen=True)
class ImportFile:
    """One file to import: a display name (used in every problem) and its raw bytes."""

    name: str
    data: bytes
    format: str | None = None  # from the extension, unless the caller declares one


class FileProblem(ValueError):
    """A file that cannot be read at all; carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def format_for_name(name: str) -> str | None:
    return EXTENSIONS.get(Path(name).suffix.lower())


# Anki packages: zip archives read as a whole (not unpacked as a zip of import files).
PACKAGE_EXTENSIONS = (".apkg", ".colpkg")


def listed(name: str) -> bool:
    """Files a folder or archive import looks at: readable ones and ones to explain."""
    suffix = Path(name).suffix.lower()
    return suffix in EXTENSIONS or suffix in NOT_READ or suffix in PACKAGE_EXTENSIONS


def _too_large(name: str, size: int) -> Problem:
    limit = max_file_bytes()
    message = gettext("the file is %(size)s bytes; the limit is %(limit)s bytes per file") % {
        "size": number(size),
        "limit": number(limit),
    }
    return Problem(name, None, "file", message)


def import_files_from_paths(*, paths: Iterable[Path]) -> tuple[list[ImportFile], list[Problem]]:
    """Read files, folders (every file with a known extension, and zip archives) and zip
    archives."""
    files: list[ImportFile] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and (listed(p.name) or p.suffix.lower() == ".zip")
            )
            if not found:
                problems.append(
                    Problem(str(path), None, "file", gettext("no importable files in folder"))
                )
            candidates = found
        elif path.is_file():
            candidates = [path]
        else:
            problems.append(Problem(str(path), None, "file", gettext("no such file or folder")))
            continue
        for candidate in candidates:
            size = candidate.stat().st_size
            if candidate.suffix.lower() != ".zip" and size > max_file_bytes():
                problems.append(_too_large(str(candidate), size))
                continue
            found_files, found_problems = import_files_from_upload(
                name=str(candidate), data=candidate.read_bytes()
            )
            files.extend(found_files)
            problems.extend(found_problems)
    return files, problems


class UnreadableMember(Exception):
    pass


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes, at most its declared size; a damaged, encrypted or oddly compressed
    member is a named problem rather than an error page."""
    if info.flag_bits & 0x1:
        raise UnreadableMember(
            gettext("the member is encrypted; unpack it and upload it without a password")
        )
    try:
        with archive.open(info) as stream:
            return stream.read(info.file_size + 1)
    except NotImplementedError:
        raise UnreadableMember(
            gettext(
                "the member uses a compression method this importer does not read; "
                "re-create the archive with the standard (deflate) method"
            )
        ) from None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, RuntimeError, zlib.error) as error:
        raise UnreadableMember(
            gettext("the member is damaged and cannot be read (%(error)s)") % {"error": error}
        ) from None


def _is_content_package(archive: zipfile.ZipFile) -> bool:
    """An IMS content package of QTI items: `imsmanifest.xml` naming QTI resources."""
    try:
        info = archive.getinfo("imsmanifest.xml")
        return b"imsqti_" in _read_member(archive, info)[:20000]
    except (KeyError, UnreadableMember):
        return False


def import_files_from_upload(*, name: str, data: bytes) -> tuple[list[ImportFile], list[Problem]]:
    """One uploaded file, or the members of a zip archive with known extensions."""
    if not name.lower().endswith(".zip"):
        if len(data) > max_file_bytes():
            return [], [_too_large(name, len(data))]
        return [ImportFile(name=name, data=data, format=format_for_name(name))], []
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return [], [Problem(name, None, "file", gettext("not a zip archive"))]
    if _is_content_package(archive):  # read as a whole: the manifest says what its files are
        if len(data) > max_file_bytes():
            return [], [_too_large(name, len(data))]
        return [ImportFile(name=name, data=data, format=None)], []
    files: list[ImportFile] = []
    problems: list[Problem] = []
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > ZIP_UNPACKED_FACTOR * max_file_bytes():
        limit = ZIP_UNPACKED_FACTOR * max_file_bytes()
        message = gettext("the archive unpacks to %(size)s bytes; the limit is %(limit)s bytes") % {
            "size": number(unpacked),
            "limit": number(limit),
        }
        return [], [Problem(name, None, "file", message)]
    for info in archive.infolist():
        member = f"{name}/{info.filename}"
        if info.is_dir() or "__MACOSX" in info.filename or not listed(info.filename):
            continue
        if info.file_size > max_file_bytes():  # checked before inflating anything
            problems.append(_too_large(member, info.file_size))
            continue
        try:
            content = _read_member(archive, info)
        except UnreadableMember as error:
            problems.append(Problem(member, None, "file", str(error)))
            continue
        files.append(ImportFile(name=member, data=content, format=format_for_name(member)))
    if not files and not problems:
        problems.append(
            Problem(name, None, "file", gettext("the archive holds no importable files"))
        )
    return files, problems


def decode(file: ImportFile, *, declared: str) -> str:
    """The file's text; raises FileProblem for an empty, oversized, binary or non-UTF-8 file
    (UTF-16 with a byte-order mark is read too)."""
    data = file.data
    if len(data) > max_file_bytes():
        raise FileProblem(_too_large(file.name, len(data)))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # UTF-16 with its byte-order mark (a spreadsheet's "Unicode text"): the mark says
        # how to read it
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise FileProblem(
                Problem(
                    file.name,
                    1,
                    "encoding",
                    gettext("not UTF-8 text: the file is UTF-16 (save it as UTF-8)"),
                )
            ) from None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise FileProblem(
            Problem(
                file.name,
                line,
                "format",
                gettext("a binary file, not %(format)s text (NUL byte on line %(line)s)")
                % {"format": FORMAT_NAMES[declared], "line": line},
            )
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        byte = data[error.start]
        raise FileProblem(
            Problem(
                file.name,
                line,
                "encoding",
                gettext(
                    "not UTF-8 text: byte %(byte)s at line %(line)s, column %(column)s "
                    "(save the file as UTF-8)"
                )
                % {"byte": f"0x{byte:02x}", "line": line, "column": column},
            )
        ) from error
    if not text.strip():
        raise FileProblem(Problem(file.name, None, "file", gettext("the file is empty")))
    return text.replace("\r\n", "\n").replace("\r", "\n")
