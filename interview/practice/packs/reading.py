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
  MAX_DECOMPRESSED_BYTES, or when it has no text layer (a scan). The pages' text is rebuilt
  (`pdf_markdown`): ligatures and odd spaces normalised; lines on more than half the pages
  (running headers, footers) and page numbers dropped; formula and figure debris dropped (math
  symbols among fewer than four words, single letters, axis labels), except a short line that
  ends a sentence begun above; a word broken at a line end rejoined without its hyphen when
  the joined word occurs elsewhere in the text or a lowercase word was split, unless the text
  writes it hyphenated; the lines of a paragraph joined; headings (a numbered, all-caps or
  Title Case short line, or a page's first or a post-sentence short capitalised line, each
  followed by body text) and list items (bullets, "1.", "(a)") marked.
- Markdown: math written with escaped backslashes (`\\\\(W\\\\)`, `\\\\[ ... \\\\]`, as sources do
  so that their renderer keeps one backslash) becomes `\\(W\\)` / `\\[ ... \\]`, outside code,
  so the cards render it as math.
- The text read is at most MAX_TEXT_CHARS characters; a longer one is refused.
Every refusal is a ReadError with a message for the user; nothing is stored.
"""

from __future__ import annotations

import html as html_lib
import io
import re
from collections import Counter
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
        elif fmt == "markdown":
            text = markdown_math(text)
    return check_text(text)


_ESCAPED_MATH = (
    re.compile(r"\\\\\((.+?)\\\\\)", re.DOTALL),
    re.compile(r"\\\\\[(.+?)\\\\\]", re.DOTALL),
)
_INLINE_CODE = re.compile(r"(`+)(?:.+?)\1", re.DOTALL)


def _unescape_math(segment: str) -> str:
    def plain_pair(match: re.Match[str]) -> str:
        whole, inner = match.group(0), match.group(1)
        if "\n\n" in inner:
            return whole  # a pair never spans a blank line
        return f"{whole[1:3]}{inner}{whole[-2:]}"

    for pattern in _ESCAPED_MATH:
        segment = pattern.sub(plain_pair, segment)
    return segment


def markdown_math(text: str) -> str:
    """Math a Markdown source writes with escaped delimiters (`\\\\( x \\\\)`, `\\\\[ ... \\\\]`:
    the source's own renderer reads the escape as one backslash) rewritten with plain ones, so it
    renders as math here too. Fenced and inline code is left as written; a pair never spans a
    blank line (an unpaired delimiter stays as it is)."""
    out: list[str] = []
    prose: list[str] = []
    in_fence = False

    def flush() -> None:
        block = "".join(prose)
        pieces, last = [], 0
        for code in _INLINE_CODE.finditer(block):
            pieces.append(_unescape_math(block[last : code.start()]))
            pieces.append(code.group(0))
            last = code.end()
        pieces.append(_unescape_math(block[last:]))
        out.append("".join(pieces))
        prose.clear()

    for line in text.splitlines(keepends=True):
        if line.strip().startswith(("```", "~~~")):
            if not in_fence:
                flush()
            in_fence = not in_fence
            out.append(line)
        elif in_fence:
            out.append(line)
        else:
            prose.append(line)
    flush()
    return "".join(out)


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
    return pdf_markdown(pages)


_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\t": " ",
        "\u00ad": "",  # a soft hyphen only marks where a word may break
        "\u200b": "",
        "\ufeff": "",
    }
)
_BULLET_CHARS = "\u2022\u25cf\u25aa\u25e6\u2023\u2219\u25a0\u25a1\u27a2\u27a4\u27a1"
# A bullet sign opens an item with or without a space after it; a dash or "o" needs the space.
_BULLET = re.compile(f"^(?:[{_BULLET_CHARS}\u00b7]\\s*|[\u2013\u2014o*-]\\s+)(?=\\S)")
_INNER_BULLET = re.compile(f"\\s+(?=[{_BULLET_CHARS}]\\s*[A-Za-z])")
_NUMBERED_ITEM = re.compile(r"^(?:\d{1,2}[.)]|\([a-z0-9]\))\s+(?=\S)")
_NUMBERED_HEADING = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}|[IVX]{1,4}\.)\s+(?=[A-Z])")
_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|p\.|slide)\s*)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$", re.IGNORECASE
)
_MATH_CHARS = set(
    "=<>\u2264\u2265\u2190\u2192\u2211\u220f\u222b\u2202\u221a\u00b1\u00d7\u00f7\u2248\u2260\u2208\u221e^_{}\\|"
)
_TITLE_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "by",
        "with",
        "vs",
        "via",
        "per",
        "as",
        "into",
        "over",
        "nor",
    ]
)
_PDF_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019]*")


def normalise_pdf_text(text: str) -> str:
    """Ligatures spelled out (\ufb01 -> fi), odd spaces made plain, soft hyphens and zero-width
    characters removed, runs of spaces collapsed on each line."""
    text = text.translate(_LIGATURES).replace("\r\n", "\n").replace("\r", "\n")
    text = _INNER_BULLET.sub("\n", text)  # "\u2022a \u2022b" on one line: two items
    return "\n".join(re.sub(r" {2,}", " ", line).strip() for line in text.split("\n"))


def _line_key(line: str) -> str:
    """A line as compared across pages (case and spacing folded; numbers are kept, so page
    titles "Topic 1", "Topic 2" stay apart: page numbers are caught on their own)."""
    return " ".join(line.lower().split())


def repeated_lines(pages: list[list[str]]) -> set[str]:
    """Keys of the lines found on most pages (running headers, footers, a course name): on
    more than half the pages, in a document of at least three pages."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_line_key(line) for line in lines if line})
    return {key for key, count in counts.items() if count * 2 > len(pages)}


def is_debris(line: str) -> bool:
    """A line that is not prose: a formula (math symbols among fewer than four words), a
    line of symbols and single letters (a figure's axis labels), or a bare page number."""
    if _PAGE_NUMBER.match(line):
        return True
    tokens = line.split()
    long_words = [t for t in tokens if re.fullmatch(r"\(?[A-Za-z][A-Za-z'\u2019-]{2,}[,.;:)]*", t)]
    if not long_words or (len(tokens) == 1 and len(line) <= 3):
        return True  # "w", "J", "n=1 I", "{", "(a)", "KX", "hik": no word to read
    if any(ch in _MATH_CHARS for ch in line) and len(long_words) < 4:
        return True
    if line.rstrip().endswith(("=", "\u2190", "+")):
        return True
    letters = sum(ch.isalpha() for ch in line)
    return letters < 0.5 * len(line.replace(" ", ""))


def _title_case(line: str) -> bool:
    tokens = _PDF_WORD.findall(line)
    content = [t for t in tokens if t.lower() not in _TITLE_SMALL_WORDS]
    return len(content) >= 2 and all(t[:1].isupper() for t in content)


def _all_caps(line: str) -> bool:
    letters = [ch for ch in line if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters) and len(line.split()) >= 2


def heading_shape(line: str) -> bool:
    """A line short enough and bare enough to be a heading: at most ten words and 80
    characters, opening with a capital (or a section number), not ending a sentence or
    clause, no formula."""
    tokens = line.split()
    return (
        1 <= len(tokens) <= 10
        and len(line) <= 80
        and (line[:1].isupper() or bool(_NUMBERED_HEADING.match(line)))
        and line[-1] not in ".,;:!?-"
        and not any(ch in _MATH_CHARS for ch in line)
        and not re.fullmatch(r"[\d\s./-]+", line)
        and not re.search(r"\d[.,]\d+$", line)  # "distance to centroids: 68.26" is a value
    )


def is_heading(line: str, *, following: str, after_sentence: bool, first: bool) -> bool:
    """A heading: a numbered line ("2.3 Loss functions"), an all-caps line or a Title Case
    line, or (the page's first line, or a line after a finished sentence) a short capitalised
    line; in every case one followed by body text that opens like a sentence or item."""
    if not heading_shape(line) or not following:
        return False
    if not (following[:1].isupper() or following[:1].isdigit() or _BULLET.match(following)):
        return False
    if _NUMBERED_HEADING.match(line) or _all_caps(line) or _title_case(line):
        return True
    return first or after_sentence


def _dehyphenate(head: str, tail: str, vocabulary: set[str], hyphenated: set[str]) -> str:
    """Join a word broken at a line end ("classi-" + "fication ..."): without the hyphen when
    the joined word occurs elsewhere in the text, or when a lowercase word was split (and the
    text never writes it with the hyphen); with it otherwise ("K-" + "means" -> "K-means")."""
    left = re.search(r"([A-Za-z]+)-$", head)
    right = re.match(r"([A-Za-z]+)", tail)
    if not left or not right:
        return head + tail
    a, b = left.group(1), right.group(1)
    joined = (a + b).lower()
    if f"{a}-{b}".lower() in hyphenated and joined not in vocabulary:
        return head + tail
    if joined in vocabulary or (a.islower() and b.islower() and len(a) > 1):
        return head[:-1] + tail
    return head + tail


def _closes(line: str) -> bool:
    """A short line that ends a sentence begun above and holds a word: "as y = 1?"."""
    return (
        line[-1:] in ".?!"
        and len(line.split()) <= 8
        and bool(re.search(r"[A-Za-z]{2,}", line))
        and not _PAGE_NUMBER.match(line)
    )


def _ends_sentence(text: str) -> bool:
    return bool(text) and text.rstrip()[-1] in ".!?:"


def _page_blocks(lines: list[str], vocabulary: set[str], hyphenated: set[str]) -> list[str]:
    """One page's lines as Markdown blocks: headings, list items and paragraphs (the lines of
    a paragraph joined; a paragraph ends at a finished sentence followed by a capital, at a
    blank line, a heading, an item or a line of debris)."""
    blocks: list[str] = []
    paragraph = ""

    def flush() -> None:
        nonlocal paragraph
        if paragraph:
            blocks.append(paragraph)
        paragraph = ""

    for index, line in enumerate(lines):
        if not line:
            flush()
            continue
        following = next((x for x in lines[index + 1 :] if x), "")
        first = not blocks and not paragraph
        after = not paragraph or _ends_sentence(paragraph)
        if is_heading(line, following=following, after_sentence=after, first=first):
            flush()
            blocks.append("## " + line)
            continue
        bullet = _BULLET.match(line)
        numbered = _NUMBERED_ITEM.match(line)
        if bullet or numbered:
            flush()
            paragraph = "- " + line[bullet.end() :] if bullet else line
            continue
        if not paragraph:
            paragraph = line
        elif re.search(r"[A-Za-z]-$", paragraph) and line[:1].isalpha():
            paragraph = _dehyphenate(paragraph, line, vocabulary, hyphenated)
        elif _ends_sentence(paragraph) and (line[:1].isupper() or line[:1] in '"\u201c(['):
            flush()
            paragraph = line
        else:
            paragraph += " " + line
    flush()
    return blocks


def pdf_markdown(pages: list[str]) -> str:
    """The text of a PDF's pages as Markdown: ligatures and spaces normalised, running
    headers, footers and page numbers (lines on most pages) dropped, formula and figure
    debris dropped, words broken at line ends rejoined, the lines of each paragraph joined,
    headings and list items marked."""
    split = [normalise_pdf_text(page).split("\n") for page in pages]
    repeated = repeated_lines(split)
    kept_pages: list[list[str]] = []
    for lines in split:
        kept: list[str] = []
        for line in lines:
            if kept and kept[-1] and not _ends_sentence(kept[-1]) and _closes(line):
                kept.append(line)  # the end of a sentence, holding a formula: "... as y = 1?"
                continue
            if line and (_line_key(line) in repeated or is_debris(line)):
                # Debris between two lines of prose ends the paragraph (a formula or figure).
                if kept and kept[-1]:
                    kept.append("")
                continue
            kept.append(line)
        kept_pages.append(kept)
    every = "\n".join(line for lines in kept_pages for line in lines)
    vocabulary = {w.lower() for w in re.findall(r"(?<![A-Za-z-])[A-Za-z]+(?![A-Za-z-])", every)}
    hyphenated = {w.lower() for w in re.findall(r"[A-Za-z]+-[A-Za-z]+", every)}
    out: list[str] = []
    for lines in kept_pages:
        out.extend(_page_blocks(lines, vocabulary, hyphenated))
    return "\n\n".join(out)
