from django import template
from django.utils.safestring import SafeString, mark_safe

from interview.bank import cloze
from interview.bank.markdown import render_inline, render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None) -> SafeString:
    # Safe: render_markdown's output has been through the nh3 allow-list.
    return mark_safe(render_markdown(text or ""))


@register.filter(name="markdown_inline")
def markdown_inline_filter(text: str | None) -> SafeString:
    return mark_safe(render_inline(text or ""))


@register.filter(name="cloze_front")
def cloze_front_filter(text: str | None) -> str:
    """Blanks hidden (`[…]` or `[hint]`); text with no blank is returned unchanged."""
    return cloze.cloze_front(text or "")


@register.filter(name="cloze_back")
def cloze_back_filter(text: str | None) -> str:
    """Blanks filled with their first answer in bold."""
    return cloze.cloze_back(text or "")


@register.filter(name="cloze_numbered")
def cloze_numbered_filter(text: str | None) -> str:
    """Blanks shown as `_____ (n)`, numbered like the inputs of a quiz."""
    return cloze.cloze_numbered(text or "")
