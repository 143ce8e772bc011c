"""Markdown to safe HTML: markdown-it-py renders, Pygments highlights code, nh3 sanitizes.

Every piece of Markdown shown on a page goes through `render_markdown` (or `render_inline`).
Raw HTML in the source is escaped by the renderer, and the sanitizer's allow-list is the last
line of defence: no scripts, no event handlers, no `javascript:` URLs and no htmx attributes
(`hx-*`, `data-hx-*`) can survive, because only the attributes listed below are kept.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "div", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "code": {"class"},
    "span": {"class"},
    "div": {"class"},
    "pre": {"class"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
_URL_SCHEMES = {"http", "https", "mailto"}
_FORMATTER = HtmlFormatter(nowrap=True)


def _highlight(code: str, lang: str, _attrs: str) -> str:
    """Pygments spans for a fenced block; plain (escaped by the caller) when no lexer fits."""
    if not lang:
        return ""
    try:
        lexer = get_lexer_by_name(lang, stripall=False)
    except ClassNotFound:
        return ""
    return highlight(code, lexer, _FORMATTER)


_MD = (
    MarkdownIt("commonmark", {"html": False, "highlight": _highlight})
    .enable("table")
    .enable("strikethrough")
)


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


@lru_cache(maxsize=4096)
def render_markdown(text: str) -> str:
    """Block Markdown to sanitized HTML. Cached: the same text always renders the same."""
    if not text:
        return ""
    return sanitize_html(_MD.render(text))


@lru_cache(maxsize=4096)
def render_inline(text: str) -> str:
    """Inline Markdown (no paragraphs) to sanitized HTML, for short texts like options."""
    if not text:
        return ""
    return sanitize_html(_MD.renderInline(text))


def pygments_css(selector: str = ".md pre code") -> str:
    return HtmlFormatter(style="friendly").get_style_defs(selector)
