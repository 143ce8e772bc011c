"""Bank texts in the active language, with the English fallback marked.

    {% load content %}
    {% localized question "prompt" as prompt %}
    <div class="md prompt"{{ prompt|lang_attr }}>{{ prompt.text|markdown }}</div>
    {% fallback_note prompt %}

`lang_attr` gives ` lang="en"` when the text is the English fallback (screen readers then read it
as English); `fallback_note` says "Shown in English: not yet translated" below it.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from interview.bank.models import split_keywords
from interview.bank.translation import (
    SOURCE_LANGUAGE,
    Localized,
    active_content_language,
    localized,
)

register = template.Library()


@register.simple_tag(name="localized")
def localized_field(obj: Any, field: str) -> Localized:
    """`obj.field` in the active language, else in English (see `Localized.fallback`)."""
    return localized(obj, field)


@register.filter
def tr(obj: Any, field: str) -> str:
    """The text of `obj.field` in the active language, else in English."""
    return localized(obj, field).text


@register.filter
def tr_fallback(obj: Any, field: str) -> bool:
    """True when `obj.field` is shown in English because it is not translated."""
    return localized(obj, field).fallback


@register.filter
def lang_attr(value: Any) -> SafeString:
    """` lang="en"` for an English fallback (a Localized, or an object whose prompt falls back),
    else nothing."""
    if isinstance(value, Localized):
        fallback = value.fallback
    elif isinstance(value, bool):
        fallback = value
    else:
        fallback = False
    return mark_safe(f' lang="{SOURCE_LANGUAGE}"') if fallback else mark_safe("")


@register.filter
def lines(text: Any) -> list[str]:
    return [line.strip() for line in str(text or "").splitlines() if line.strip()]


@register.filter
def keywords(text: Any) -> list[str]:
    return split_keywords(str(text or ""))


def fallback_note_html() -> SafeString:
    return format_html(
        '<p class="fallback-note">{}</p>', gettext("Shown in English: not yet translated")
    )


@register.simple_tag
def fallback_note(*values: Any) -> SafeString:
    """The "Shown in English" note when any of `values` (Localized or booleans) falls back."""
    for value in values:
        if (isinstance(value, Localized) and value.fallback) or value is True:
            return fallback_note_html()
    return mark_safe("")


@register.simple_tag
def item_fallback(item: Any, field: str) -> bool:
    """A practice snapshot's field was shown in English because it was not translated."""
    return field in (getattr(item, "fallback_fields", None) or [])


@register.simple_tag
def content_language() -> str:
    return active_content_language()


@register.filter
def snapshot_lang(item: Any, field: str) -> SafeString:
    """` lang="xx"` for a practice snapshot's field when it is not in the page's language: the
    English fallback, or a language the item was shown in earlier."""
    shown = SOURCE_LANGUAGE if field in (item.fallback_fields or []) else item.language
    if shown == active_content_language():
        return mark_safe("")
    return format_html(' lang="{}"', shown)


@register.simple_tag
def snapshot_note(item: Any, *fields: str) -> SafeString:
    """The "Shown in English" note when any of the snapshot's `fields` fell back to English."""
    if set(fields) & set(item.fallback_fields or []):
        return fallback_note_html()
    return mark_safe("")
