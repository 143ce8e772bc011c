"""Reading an uploaded file (or pasted text) into Markdown text for the pack generator.

Specification:
- Accepted: Markdown (.md, .markdown), plain text (.txt), HTML (.html, .htm) and PDF (.pdf), at
  most MAX_UPLOAD_BYTES; pasted text at most MAX_TEXT_CHARS.
- The bytes must match the declared type: a PDF starts with "%PDF-"; a text, Markdown or HTML
  file is UTF-8 (a byte-order mark allowed) with no NUL byte and almost no control characters,
  and is not a PDF, ZIP, image or other binary in disguise. Anything else is refused.
- HTML: scripts, styles and unknown tags are removed with their content (nh3), the rest becomes
  Markdown (headings, lists, emphasis). Slides written in Markdown inside an HTML page (remark:
  a textarea with id "source") are read as that Markdown, every tag removed; the speaker notes
  (after "???" up to the next slide) become quoted lines ("> ").
- PDF (pypdf): refused when encrypted, when it carries JavaScript or automatic actions, when it
  has more than MAX_PDF_PAGES pages, when a stream would decompress beyond
  MAX_DECOMPRESSED_BYTES, or when it has no text layer (a scan). Each page's first short line
  that looks like a title becomes a heading.
- The text read is at most MAX_TEXT_CHARS characters; a longer one is refused.
Every refusal is a ReadError with a message for the user; nothing is stored.
"""

from __future__ import annotations

import html as html_lib
import io
import re
from pathlib import PurePosixPath
from typing import Any

import nh3
from django.utils.translation import gettext as _

from interview.lib import figures

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PDF_PAGES = 300
MAX_TEXT_CHARS = 1_000_000
MAX_DECOMPRESSED_BYTES = 20 * 1024 * 1024

FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
_BINARY_MAGIC = (
    b"%PDF-",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"BZh",
    b"7z\xbc\xaf",
    b"\x7fELF",
    b"MZ",
    b"Rar!",
    b"\xd0\xcf\x11\xe0",
)


class ReadError(ValueError):
    """The file cannot become a pack; the message says why, for the user."""


def format_of(name: str) -> str:
    fmt = FORMATS.get(PurePosixPath(name.lower()).suffix)
    if fmt is None:
        raise ReadError(
            _(
                "Unsupported file type: upload Markdown (.md), plain text (.txt), "
                "HTML (.html) or PDF."
            )
        )
    return fmt


def read_upload(*, name: str, data: bytes) -> str:
    """The Markdown text of an uploaded file, or ReadError."""
    fmt = format_of(name)
    if not data.strip():
        raise ReadError(_("The file is empty."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise ReadError(
            _("The file is larger than %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    if fmt == "pdf":
        if not data[:1024].lstrip().startswith(b"%PDF-"):
            raise ReadError(_("This file is not a PDF (its content does not match its name)."))
        text = read_pdf(data)
    else:
        text = _decode_text(data)
        if fmt == "html":
            text = read_html(text)
    return check_text(text)


def _too_long() -> str:
    return _("The text is longer than %(n)s characters.") % {"n": figures.number(MAX_TEXT_CHARS)}


def _scripts() -> str:
    return _("This PDF contains scripts or automatic actions; it is not read.")


def check_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if len(text) > MAX_TEXT_CHARS:
        raise ReadError(_too_long())
    if len(re.findall(r"[A-Za-z]{2,}", text)) < 20:
        raise ReadError(_("The text is too short to make a study pack (fewer than 20 words)."))
    return text


def _decode_text(data: bytes) -> str:
    if data.lstrip()[:8].startswith(_BINARY_MAGIC) or b"\x00" in data:
        raise ReadError(_("This file is not text (its content does not match its name)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReadError(
            _("This file is not UTF-8 text (its content does not match its name).")
        ) from error
    controls = sum(1 for ch in text[:100_000] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > len(text[:100_000]) // 100:
        raise ReadError(_("This file is not text (its content does not match its name)."))
    return text


_SLIDES = re.compile(
    r"<textarea[^>]*\bid=[\"']source[\"'][^>]*>(.*?)</textarea>", re.IGNORECASE | re.DOTALL
)
_SLIDE_CONTROL = re.compile(r"^(?:---|--|\?\?\?|class:.*|layout:.*|name:.*|template:.*)\s*$")


def _slides_markdown(source: str) -> str:
    """Markdown slides kept in an HTML page (remark.js: a textarea with id "source"): the
    slides' Markdown with their separators, class lines and to-do notes left out."""
    lines = []
    in_notes = False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped == "???":
            in_notes = True  # the speaker's notes of the slide, up to the next slide
        elif stripped in {"---", "--"}:
            in_notes = False
        if _SLIDE_CONTROL.match(stripped) or stripped.upper().startswith(("FIXME", "TODO")):
            lines.append("")
            continue
        # Speaker notes are kept as quoted text: shown in the study note, but the generator
        # treats them as spoken asides (a transcript), not as the slide's own statements.
        lines.append(f"> {line}" if in_notes and stripped else line)
    # Tags go (nh3 also escapes what remains); entities are then read once, to plain text.
    return html_lib.unescape(nh3.clean("\n".join(lines), tags=set(), strip_comments=True))


def read_html(html: str) -> str:
    from interview.bank.transfer.html_convert import html_to_markdown

    slides = _SLIDES.search(html)
    if slides:
        return _slides_markdown(slides.group(1))
    body = re.search(r"<body[^>]*>(.*)</body>", html, re.IGNORECASE | re.DOTALL)
    return html_to_markdown(body.group(1) if body else html)


def _stream_limits() -> Any:
    """pypdf's limits for this read (a context variable, so threads do not share them): no
    stream may inflate beyond MAX_DECOMPRESSED_BYTES; a zip bomb stops with an error."""
    from pypdf import apply_configuration

    limit = MAX_DECOMPRESSED_BYTES
    return apply_configuration(
        maximum_declared_stream_length=limit,
        array_based_stream_maximum_output_length=limit,
        jbig2_maximum_output_length=limit,
        lzw_maximum_output_length=limit,
        run_length_maximum_output_length=limit,
        zlib_maximum_output_length=limit,
        brotli_maximum_output_length=limit,
    )


def _has_scripts(reader) -> bool:
    from pypdf.generic import DictionaryObject

    root = reader.trailer["/Root"]
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        return True
    action = root.get("/OpenAction")
    if action is not None:
        action = action.get_object()
        if isinstance(action, DictionaryObject) and action.get("/S") in ("/JavaScript", "/Launch"):
            return True
    return "/AA" in root


def read_pdf(data: bytes) -> str:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    if re.search(rb"/(JavaScript|JS)\b", data) or re.search(rb"/(Launch|AA)\b", data):
        raise ReadError(_scripts())
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        with _stream_limits():
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise ReadError(
                    _("This PDF is encrypted (password-protected); save an unprotected copy.")
                )
            if _has_scripts(reader):
                raise ReadError(
                    _("This PDF contains scripts or automatic actions; it is not read.")
                )
            count = len(reader.pages)
            if count > MAX_PDF_PAGES:
                raise ReadError(
                    _(
                        "This PDF has %(count)s pages; at most %(limit)s are read. "
                        "Split it into smaller files."
                    )
                    % {"count": figures.number(count), "limit": figures.number(MAX_PDF_PAGES)}
                )
            pages: list[str] = []
            total = 0
            for page in reader.pages:
                contents = page.get_contents()
                if contents is not None:
                    # Inflated here, within the limits: text extraction would swallow the
                    # error and report an empty page instead of the bomb.
                    contents.get_data()
                text = page.extract_text() or ""
                total += len(text)
                if total > MAX_TEXT_CHARS:
                    raise ReadError(
                        _("The text is longer than %(n)s characters.")
                        % {"n": figures.number(MAX_TEXT_CHARS)}
                    )
                pages.append(text)
    except ReadError:
        raise
    except (
        PdfReadError,
        PyPdfError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        OSError,
        MemoryError,
        RecursionError,
    ) as error:
        raise ReadError(
            _("This PDF cannot be read (damaged, or too large once decompressed).")
        ) from error
    if sum(len(re.findall(r"[A-Za-z]{2,}", page)) for page in pages) < 20:
        raise ReadError(
            _(
                "This PDF has no text layer (a scanned PDF?): it holds images of text only, "
                "which cannot be read. Upload a PDF with selectable text, or paste the text."
            )
        )
    return "\n\n".join(_page_markdown(page) for page in pages if page.strip())


_BULLET = re.compile(
    "^[\u2022\u25cf\u25aa\u25e6\u2023\u2219\u00b7\u25a0\u25a1\u27a2\u27a4\u2013o-]\\s+"
)


def _looks_like_title(line: str) -> bool:
    tokens = line.split()
    return (
        1 <= len(tokens) <= 10
        and len(line) <= 80
        and line[:1].isupper()
        and line[-1] not in ".,;:!?"
        and not re.fullmatch(r"[\d\s./-]+", line)
    )


def _page_markdown(page: str) -> str:
    """A page's text as Markdown: a title line (the page's first, or a short capitalised line
    after a finished sentence and before a capitalised one) becomes a heading, bullets list
    items, and lines of one paragraph are joined (a hyphen at a line end joins the word)."""
    lines = [line.strip() for line in page.splitlines()]
    lines = [line for line in lines if line and not re.fullmatch(r"\d{1,4}", line)]
    if not lines:
        return ""
    out: list[str] = []
    if _looks_like_title(lines[0]) and len(lines) > 1:
        out.append(f"## {lines[0]}")
        lines = lines[1:]
    paragraph = ""
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        ended = not paragraph or paragraph[-1] in ".!?:"
        if ended and _looks_like_title(line) and following[:1].isupper():
            # A title inside the page: a short capitalised line between two sentences.
            if paragraph:
                out.append(paragraph)
            out.append(f"## {line}")
            paragraph = ""
            continue
        bullet = _BULLET.match(line)
        if bullet:
            if paragraph:
                out.append(paragraph)
            paragraph = "- " + line[bullet.end() :]
            continue
        if not paragraph:
            paragraph = line
        elif paragraph.endswith("-") and not paragraph.endswith(" -"):
            paragraph = paragraph[:-1] + line
        elif paragraph[-1] in ".!?:" and line[:1].isupper() and not paragraph.startswith("- "):
            out.append(paragraph)
            paragraph = line
        else:
            paragraph += " " + line
    if paragraph:
        out.append(paragraph)
    return "\n\n".join(out)
