"""Markdown to safe HTML: markdown-it-py renders, Pygments highlights code, latex2mathml turns
math into MathML, nh3 sanitizes.

Math: `$...$` and `\\(...\\)` inline, `$$...$$` and `\\[...\\]` on their own lines for display
math, rendered on the server to MathML (browsers draw it natively; no script). Inline `$` needs
no space inside its delimiters, so prices like "5 to 10 dollars" written with `$` stay text; an
escaped `\\$` is always a dollar sign. A formula the converter cannot read is shown as its source.

Every piece of Markdown shown on a page goes through `render_markdown` (or `render_inline`).
Raw HTML in the source is escaped by the renderer, and the sanitizer's allow-list is the last
line of defence: no scripts, no event handlers, no `javascript:` URLs and no htmx attributes
(`hx-*`, `data-hx-*`) can survive, because only the attributes listed below are kept.

Images from other sites are dropped by the sanitizer (their `src` is removed, the alt text
stays): loading them would tell another site who reads which question, and the Content
Security Policy (`img-src 'self' data:`) would block them anyway. Images served by this site
(a path) stay.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import nh3
from latex2mathml.converter import convert as latex_to_mathml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.texmath import texmath_plugin
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "div", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
# Presentation MathML as latex2mathml writes it; nothing that loads, links or scripts.
_MATH_TAGS = {
    "math", "menclose", "merror", "mfrac", "mi", "mmultiscripts", "mn", "mo", "mover",
    "mpadded", "mphantom", "mprescripts", "mroot", "mrow", "ms", "mspace", "msqrt", "mstyle",
    "msub", "msubsup", "msup", "mtable", "mtd", "mtext", "mtr", "munder", "munderover", "none",
}  # fmt: skip
_MATH_ATTRIBUTES = {
    "math": {"display", "xmlns"},
    "mo": {"stretchy", "fence", "separator", "lspace", "rspace", "form", "largeop",
           "movablelimits", "symmetric", "minsize", "maxsize", "accent"},
    "mover": {"accent"},
    "munder": {"accentunder"},
    "munderover": {"accent", "accentunder"},
    "mfrac": {"linethickness"},
    "mi": {"mathvariant"},
    "mn": {"mathvariant"},
    "mtext": {"mathvariant"},
    "mstyle": {"displaystyle", "scriptlevel", "mathvariant"},
    "mspace": {"width", "height", "depth"},
    "mpadded": {"width", "height", "depth", "lspace", "voffset"},
    "menclose": {"notation"},
    "mtable": {"columnalign", "rowalign", "rowspacing", "columnspacing", "columnlines",
               "rowlines", "frame"},
    "mtd": {"columnalign", "rowalign", "columnspan", "rowspan"},
    "mtr": {"columnalign", "rowalign"},
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
    **_MATH_ATTRIBUTES,
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


@lru_cache(maxsize=4096)
def render_math(latex: str, *, display: bool = False) -> str:
    """One formula as MathML; its escaped source in a `math-error` span if it cannot be read."""
    source = latex.strip()
    try:
        return latex_to_mathml(source, display="block" if display else "inline")
    except Exception:  # the converter raises many kinds of error on malformed input
        return f'<span class="math-error">{html.escape(source)}</span>'


def _math_rule(*, display: bool):
    def render(_self: Any, tokens: Sequence[Token], idx: int, _options: Any, _env: Any) -> str:
        mathml = render_math(tokens[idx].content, display=display)
        return f'<div class="math">{mathml}</div>\n' if display else mathml

    return render


_MD = (
    MarkdownIt("commonmark", {"html": False, "highlight": _highlight})
    .enable("table")
    .enable("strikethrough")
    .use(texmath_plugin, delimiters="brackets")
    .use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
)
for _name in ("math_inline", "math_single"):
    _MD.add_render_rule(_name, _math_rule(display=False))
for _name in ("math_block", "math_block_eqno", "math_block_label", "math_inline_double"):
    _MD.add_render_rule(_name, _math_rule(display=True))


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    """Drop an image's `src` when it points at another site (see the module docstring)."""
    if element == "img" and attribute == "src":
        target = value.strip().lower()
        if target.startswith(("http:", "https:", "//")) or ":" in target.split("/", 1)[0]:
            return None
    return value


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS | _MATH_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        attribute_filter=_keep_attribute,
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


MIN_CODE_CONTRAST = 4.5
"""Every highlighted token is readable on its code background (WCAG AA for normal text)."""

_TEXT_COLOR = re.compile(r"(?<![-\w])color: #([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")


def _rgb(hex_color: str) -> tuple[int, int, int]:
    digits = hex_color.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def _luminance(rgb: tuple[float, float, float]) -> float:
    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    lighter, darker = sorted(
        (_luminance(_rgb(foreground)), _luminance(_rgb(background))), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def readable_color(color: str, background: str) -> str:
    """``color`` itself when it reaches MIN_CODE_CONTRAST on ``background``, else the closest
    colour that does, mixed toward black on a light background and toward white on a dark one."""
    if contrast_ratio(color, background) >= MIN_CODE_CONTRAST:
        return color
    target = 0.0 if _luminance(_rgb(background)) > 0.18 else 255.0
    rgb = _rgb(color)
    for step in range(1, 21):
        share = step / 20
        mixed = "#" + "".join(f"{round(c + (target - c) * share):02x}" for c in rgb)
        if contrast_ratio(mixed, background) >= MIN_CODE_CONTRAST:
            return mixed
    return "#000000" if target == 0.0 else "#ffffff"


def _readable_css(css: str, background: str) -> str:
    return _TEXT_COLOR.sub(lambda m: f"color: {readable_color('#' + m.group(1), background)}", css)


def pygments_css(selector: str = ".md pre code") -> str:
    """Code colours for light mode (static/css/pygments.css): Pygments' "friendly" style with
    every token colour made readable on its background."""
    formatter = HtmlFormatter(style="friendly")
    return _readable_css(formatter.get_style_defs(selector), formatter.style.background_color)


DARK_CODE_STYLE = "github-dark"


def pygments_dark_css() -> str:
    """Code colours for dark mode: the dark theme chosen on the page, or the system's dark
    mode unless the light theme was chosen (static/css/pygments-dark.css)."""
    formatter = HtmlFormatter(style=DARK_CODE_STYLE)

    def scoped(root: str) -> str:
        rules = formatter.get_style_defs(f"{root} .md pre code").splitlines()
        return "\n".join(rule for rule in rules if rule.startswith(root))

    background = formatter.style.background_color
    chosen = _readable_css(scoped(':root[data-theme="dark"]'), background)
    system = _readable_css(scoped(':root:not([data-theme="light"])'), background)
    return f"{chosen}\n@media (prefers-color-scheme: dark) {{\n{system}\n}}"
