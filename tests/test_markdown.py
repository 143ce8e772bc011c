from html.parser import HTMLParser

import pytest

from interview.bank.markdown import render_inline, render_markdown, sanitize_html

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<div hx-get="/admin/" hx-trigger="load">x</div>',
    '<div data-hx-post="/accounts/logout/" data-hx-trigger="load">x</div>',
    "<iframe src='https://evil.example'></iframe>",
    '<svg onload="alert(1)"></svg>',
    "<style>body{display:none}</style>",
    '<a href="#" onclick="steal()">x</a>',
    "![x](javascript:alert(1))",
    '<form action="/x"><input name="a"></form>',
]


DANGEROUS_TAGS = {"script", "iframe", "style", "form", "input", "svg", "object", "embed"}


class ElementCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value or "" for name, value in attrs}))


def elements(html: str) -> list[tuple[str, dict[str, str]]]:
    collector = ElementCollector()
    collector.feed(html)
    return collector.elements


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markdown_renders_harmless(source):
    for tag, attrs in elements(render_markdown(source)):
        assert tag not in DANGEROUS_TAGS
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert "hx-" not in name, (tag, name)
            assert not value.strip().lower().startswith("javascript:"), (tag, name, value)


@pytest.mark.parametrize(
    "html",
    [
        '<p hx-get="/x" data-hx-get="/y" hx-on:click="alert(1)">hi</p>',
        '<a href="javascript:alert(1)" onmouseover="x()">hi</a>',
        '<span class="k" hx-swap-oob="true" style="color:red">hi</span>',
    ],
)
def test_sanitizer_strips_htmx_and_event_attributes_from_raw_html(html):
    clean = sanitize_html(html)
    assert "hx-" not in clean
    assert "javascript:" not in clean
    assert "onmouseover" not in clean
    assert "style=" not in clean
    assert "hi" in clean


def test_code_blocks_are_highlighted_with_pygments_classes():
    html = render_markdown("```python\nprint('hi')\n```")
    assert '<pre><code class="language-python">' in html
    assert '<span class="nb">print</span>' in html


def test_unknown_language_is_escaped_not_executed():
    html = render_markdown("```nosuchlang\n<script>alert(1)</script>\n```")
    assert "&lt;script&gt;" in html
    assert "<script>" not in html


def test_links_get_safe_rel_and_tables_render():
    html = render_markdown("[docs](https://docs.python.org)\n\n| a | b |\n|---|---|\n| 1 | 2 |")
    assert 'href="https://docs.python.org"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "<table>" in html and "<td>1</td>" in html


def test_inline_rendering_has_no_paragraph():
    assert render_inline("use `x` **now**") == "use <code>x</code> <strong>now</strong>"


def test_empty_input_renders_empty():
    assert render_markdown("") == ""
    assert render_inline("") == ""


# Math: LaTeX to MathML on the server.


def test_inline_and_display_math_become_mathml():
    html = render_markdown("The SE is $\\sigma/\\sqrt{n}$.\n\n$$\n\\bar{x} = \\frac{1}{n}\n$$\n")
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in html
    assert "<msqrt>" in html
    assert (
        '<div class="math"><math xmlns="http://www.w3.org/1998/Math/MathML" display="block">'
        in html
    )
    assert "<mfrac>" in html


def test_bracket_delimiters_are_math_too():
    html = render_markdown("Inline \\(a+b\\) and\n\n\\[ y = x^2 \\]\n")
    assert html.count("<math") == 2
    assert "<msup>" in html


def test_dollar_amounts_and_code_stay_text():
    html = render_markdown("It costs $5 and $10, or \\$3 and \\$4.\n\n`$x$` is code.")
    assert "<math" not in html
    assert "$5 and $10, or $3 and $4" in html
    assert "<code>$x$</code>" in html


def test_malformed_math_shows_its_source():
    html = render_markdown("Broken $\\frac{1}{$ formula")
    assert '<span class="math-error">' in html
    assert "\\frac{1}{" in html


@pytest.mark.parametrize(
    "latex",
    [
        "\\text{<script>alert(1)</script>}",
        "\\href{javascript:alert(1)}{x}",
        "x \\style{color:red}{y}",
        "\\mathrm{<img src=x onerror=alert(1)>}",
    ],
)
def test_math_cannot_smuggle_markup(latex):
    html = render_markdown(f"${latex}$")
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert "<img" not in html
    assert "style=" not in html


def test_math_inline_in_options():
    assert "<math" in render_inline("$p < 0.05$")


def test_images_from_other_sites_are_dropped_and_local_ones_kept():
    html = render_markdown(
        "![chart](https://tracker.example/p.png) ![proto](//tracker.example/q.png) "
        "![local](/static/img/chart.png)"
    )
    assert "tracker.example" not in html
    assert '<img alt="chart">' in html and '<img alt="proto">' in html
    assert '<img src="/static/img/chart.png" alt="local">' in html


def test_every_highlighted_token_is_readable_on_its_code_background():
    """WCAG AA (4.5:1) for each token colour, light ("friendly" on #f0f0f0) and dark."""
    import re

    from interview.bank.markdown import (
        MIN_CODE_CONTRAST,
        contrast_ratio,
        pygments_css,
        pygments_dark_css,
    )

    for css, background in ((pygments_css(), "#f0f0f0"), (pygments_dark_css(), "#0d1117")):
        colours = re.findall(r"(?<![-\w])color: (#[0-9a-fA-F]{3,6})\b", css)
        assert len(colours) > 20
        for colour in colours:
            assert contrast_ratio(colour, background) >= MIN_CODE_CONTRAST, colour


def test_the_shipped_code_stylesheets_are_the_generated_ones():
    """static/css/pygments*.css come from `make pygments-css`: regenerate after a change."""
    from django.conf import settings

    from interview.bank.markdown import pygments_css, pygments_dark_css

    css = settings.BASE_DIR / "static" / "css"
    assert pygments_css() in (css / "pygments.css").read_text()
    assert pygments_dark_css() in (css / "pygments-dark.css").read_text()
