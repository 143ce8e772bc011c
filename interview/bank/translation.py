"""Translated bank content: the rule.

- English is the source language: the model fields (`Question.prompt`, `Topic.name`, ...) always
  hold the English text, whatever language a request runs in.
- Each translatable model (Topic, StudyNote, Question, KeyPoint, Choice) keeps its translations
  in one JSON column on the same row, `translations`: `{"fr": {"prompt": "..."}, "de": {...}}`,
  for the languages of TRANSLATION_LANGUAGES and the fields of TRANSLATED_FIELDS only. A text
  is stored in the same shape as its English field (key concepts and misconceptions one per
  line, keywords separated by commas). Empty texts are not stored.
- Reading a field in a language (`localized`) gives that language's text where it exists,
  else the English text, and says which language the text is in, so a page can mark the
  fallback (`lang="en"`, "Shown in English: not yet translated"). An empty English field stays
  empty in every language and is not a fallback.
- Because the translations sit on the rows already read, showing a page in any language costs
  no extra query.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

SOURCE_LANGUAGE = "en"
TRANSLATION_LANGUAGES = ("fr", "de", "es", "pt", "it")
CONTENT_LANGUAGES = (SOURCE_LANGUAGE, *TRANSLATION_LANGUAGES)

# Names in English (the admin's own language decides how they show) and each language's own
# name, for labels that speak to a reader of that language.
LANGUAGE_NAMES = {
    "en": _("English"),
    "fr": _("French"),
    "de": _("German"),
    "es": _("Spanish"),
    "pt": _("Portuguese"),
    "it": _("Italian"),
}

# PostgreSQL text-search configuration per content language.
SEARCH_CONFIGS = {
    "en": "english",
    "fr": "french",
    "de": "german",
    "es": "spanish",
    "pt": "portuguese",
    "it": "italian",
}

# The translatable fields of each model, by model name (lower case).
TRANSLATED_FIELDS: dict[str, tuple[str, ...]] = {
    "topic": ("name", "description", "key_concepts"),
    "studynote": ("title", "body"),
    "question": ("prompt", "instruction", "context", "official_answer", "short_answer"),
    "keypoint": ("text", "keywords", "misconceptions"),
    "choice": ("text", "explanation"),
}


def content_language(code: str | None) -> str:
    """The content language for a language code ("fr-ca" -> "fr"); English for anything else."""
    base = (code or "").strip().lower().replace("_", "-").split("-")[0]
    return base if base in CONTENT_LANGUAGES else SOURCE_LANGUAGE


def active_content_language() -> str:
    """The content language of the language the current request (or thread) runs in."""
    return content_language(get_language())


def translated_fields(obj: Any) -> tuple[str, ...]:
    return TRANSLATED_FIELDS[obj._meta.model_name]


@dataclass(frozen=True)
class Localized:
    """A field's text as shown in `requested`: `language` is the language it is really in."""

    text: str
    language: str
    requested: str

    @property
    def fallback(self) -> bool:
        """The requested language has no text for it and the English one is shown."""
        return bool(self.text) and self.language != self.requested

    def __str__(self) -> str:
        return self.text


def translation_get(obj: Any, field: str, language: str) -> str:
    """The stored translation of `field` in `language` ("" when there is none)."""
    if language == SOURCE_LANGUAGE:
        return str(getattr(obj, field) or "")
    value = (getattr(obj, "translations", None) or {}).get(language, {}).get(field, "")
    return value if isinstance(value, str) else ""


def localized(obj: Any, field: str, language: str | None = None) -> Localized:
    """`field` of `obj` in `language` (default: the active one), else in English."""
    requested = content_language(language) if language else active_content_language()
    english = str(getattr(obj, field) or "")
    if requested != SOURCE_LANGUAGE and field in translated_fields(obj):
        text = translation_get(obj, field, requested)
        if text.strip():
            return Localized(text=text, language=requested, requested=requested)
    return Localized(text=english, language=SOURCE_LANGUAGE, requested=requested)


def localized_text(obj: Any, field: str, language: str | None = None) -> str:
    return localized(obj, field, language).text


def translations_clean(obj: Any, raw: Any) -> dict[str, dict[str, str]]:
    """`raw` reduced to what may be stored for `obj`: known languages and fields, non-empty
    strings. Raises ValueError naming the first thing that is not a string."""
    return translations_clean_for(obj._meta.model_name, raw)


def translations_clean_for(model_name: str, raw: Any) -> dict[str, dict[str, str]]:
    """`translations_clean` for a model given by name ("question", "keypoint", ...)."""
    if raw in (None, ""):
        return {}
    if not isinstance(raw, Mapping):
        raise ValueError("translations must be an object keyed by language code")
    fields = TRANSLATED_FIELDS[model_name]
    clean: dict[str, dict[str, str]] = {}
    for language, values in raw.items():
        _one_of(language, TRANSLATION_LANGUAGES, f"unknown translation language {language!r}")
        if not isinstance(values, Mapping):
            raise ValueError(f"translations.{language} must be an object of fields")
        for field, text in values.items():
            _one_of(field, fields, f"translations.{language}.{field}: not a translatable field")
            if not isinstance(text, str):
                raise ValueError(f"translations.{language}.{field} must be text")
            if text.strip():
                clean.setdefault(language, {})[field] = text
    return clean


def _one_of(value: str, allowed: Sequence[str], problem: str) -> None:
    """Raise ValueError(`problem`, then the allowed values) unless `value` is one of `allowed`."""
    if value not in allowed:
        raise ValueError(f"{problem} (one of {', '.join(allowed)})")


def translation_set(obj: Any, *, language: str, values: Mapping[str, str]) -> bool:
    """Set `obj`'s translations in `language` for the given fields (an empty text removes one).
    Does not save; True when anything changed."""
    if language not in TRANSLATION_LANGUAGES:
        raise ValueError(f"unknown translation language {language!r}")
    fields = translated_fields(obj)
    current = dict(obj.translations or {})
    texts = dict(current.get(language, {}))
    for field, text in values.items():
        if field not in fields:
            raise ValueError(f"{field!r} is not a translatable field")
        if text and text.strip():
            texts[field] = text
        else:
            texts.pop(field, None)
    if texts:
        current[language] = texts
    else:
        current.pop(language, None)
    changed = current != (obj.translations or {})
    obj.translations = current
    return changed


def translated_languages(obj: Any) -> list[str]:
    """The languages `obj` has at least one translated text in."""
    stored = getattr(obj, "translations", None) or {}
    return [language for language in TRANSLATION_LANGUAGES if stored.get(language)]
