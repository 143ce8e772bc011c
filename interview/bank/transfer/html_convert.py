"""HTML fields (a CSV with `#html:true`, as Anki exports) to Markdown, through nh3 first.

The bank stores Markdown only. HTML is first cleaned by nh3 (scripts, styles, event handlers
and unknown tags go, with the content of scripts and styles), then the few formatting tags that
remain become their Markdown equivalents. The result is rendered, like every other text, by
`interview.bank.markdown.render_markdown`, which sanitizes again on display.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

_KEPT_TAGS = {
    "a", "b", "strong", "i", "em", "u", "code", "pre", "br", "p", "div", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "sub", "sup", "span", "img", "hr", "blockquote",
}  # fmt: skip
_INLINE_MARKS = {"b": "**", "strong": "**", "i": "*", "em": "*", "code": "`"}


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[str] = []
        self.links: list[str] = []
        self.in_pre = False

    def _newline(self, count: int = 1) -> None:
        text = "".join(self.out)
        missing = count - (len(text) - len(text.rstrip("\n")))
        if text and missing > 0:
            self.out.append("\n" * missing)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in _INLINE_MARKS and not self.in_pre:
            self.out.append(_INLINE_MARKS[tag])
        elif tag == "br":
            self.out.append("\n")
        elif tag in {"p", "blockquote"} or re.fullmatch(r"h[1-6]", tag):
            self._newline(2)
            if tag.startswith("h"):
                self.out.append("#" * int(tag[1]) + " ")
            elif tag == "blockquote":
                self.out.append("> ")
        elif tag == "div":
            self._newline(1)
        elif tag == "pre":
            self._newline(2)
            self.out.append("```\n")
            self.in_pre = True
        elif tag in {"ul", "ol"}:
            self._newline(1)
            self.lists.append(tag)
        elif tag == "li":
            self._newline(1)
            self.out.append("  " * max(len(self.lists) - 1, 0))
            self.out.append("1. " if self.lists and self.lists[-1] == "ol" else "- ")
        elif tag == "a":
            self.links.append(values.get("href") or "")
            self.out.append("[")
        elif tag == "img":
            self.out.append(f"![{values.get('alt') or ''}]({values.get('src') or ''})")
        elif tag == "hr":
            self._newline(2)
            self.out.append("---\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _INLINE_MARKS and not self.in_pre:
            self.out.append(_INLINE_MARKS[tag])
        elif tag in {"p", "blockquote"} or re.fullmatch(r"h[1-6]", tag):
            self._newline(2)
        elif tag == "div":
            self._newline(1)
        elif tag == "pre":
            self._newline(1)
            self.out.append("```\n\n")
            self.in_pre = False
        elif tag in {"ul", "ol"}:
            if self.lists:
                self.lists.pop()
            self._newline(2)
        elif tag == "a":
            href = self.links.pop() if self.links else ""
            self.out.append(f"]({href})" if href else "]")

    def handle_data(self, data: str) -> None:
        if not self.in_pre:
            data = re.sub(r"[ \t\n]+", " ", data)
        self.out.append(data.replace("\xa0", " "))


def html_to_markdown(html: str) -> str:
    """Sanitize `html` with nh3 and turn what is left into Markdown."""
    if "<" not in html and "&" not in html:
        return html.strip()
    clean = nh3.clean(html, tags=_KEPT_TAGS, attributes={"a": {"href"}, "img": {"src", "alt"}})
    converter = _Converter()
    converter.feed(clean)
    converter.close()
    text = "".join(converter.out)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()
