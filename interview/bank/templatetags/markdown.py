from django import template
from django.utils.safestring import SafeString, mark_safe

from interview.bank.markdown import render_inline, render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str | None) -> SafeString:
    # Safe: render_markdown's output has been through the nh3 allow-list.
    return mark_safe(render_markdown(text or ""))


@register.filter(name="markdown_inline")
def markdown_inline_filter(text: str | None) -> SafeString:
    return mark_safe(render_inline(text or ""))
