"""The admin's translation fields: each translatable model's change form carries, per language,
one field per translated text, grouped in a fieldset per language next to the English fields
(a collapsible group headed by the language, each field showing the English text it
translates). Saving the form stores the texts in the row's `translations` (see
`interview.bank.translation`); an empty field means "not translated" and shows the English.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.http import HttpRequest
from django.utils.text import Truncator, capfirst, format_lazy
from django.utils.translation import gettext

from interview.bank.translation import (
    LANGUAGE_NAMES,
    TRANSLATED_FIELDS,
    TRANSLATION_LANGUAGES,
    translation_get,
    translations_clean,
)

ENGLISH_EXCERPT_CHARS = 240


def translation_field_name(field: str, language: str) -> str:
    return f"{field}_{language}"


def translation_field_names(model: type[models.Model]) -> list[str]:
    return [
        translation_field_name(field, language)
        for language in TRANSLATION_LANGUAGES
        for field in TRANSLATED_FIELDS[model._meta.model_name or ""]
    ]


class TranslationForm(forms.ModelForm):
    """A model form with the translation fields of its model (declared by `translation_form`)."""

    translated: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for language in TRANSLATION_LANGUAGES:
            for field in self.translated:
                name = translation_field_name(field, language)
                if name not in self.fields:
                    continue
                if self.instance.pk:
                    self.initial.setdefault(name, translation_get(self.instance, field, language))
                    english = str(getattr(self.instance, field) or "")
                    if english:
                        excerpt = Truncator(english).chars(ENGLISH_EXCERPT_CHARS)
                        self.fields[name].help_text = gettext("English: %(text)s") % {
                            "text": excerpt
                        }

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        stored: dict[str, dict[str, str]] = {}
        for language in TRANSLATION_LANGUAGES:
            for field in self.translated:
                name = translation_field_name(field, language)
                if name not in self.fields:
                    continue
                text = (cleaned or {}).get(name) or ""
                if text.strip():
                    stored.setdefault(language, {})[field] = text.replace("\r\n", "\n")
        self.instance.translations = translations_clean(self.instance, stored)
        return cleaned


def translation_form(
    model: type[models.Model], base: type[forms.ModelForm] = TranslationForm
) -> type[forms.ModelForm]:
    """`base` with one optional field per translated text and language."""
    fields = TRANSLATED_FIELDS[model._meta.model_name or ""]
    attrs: dict[str, Any] = {"translated": fields}
    for language in TRANSLATION_LANGUAGES:
        for field in fields:
            model_field = model._meta.get_field(field)
            assert isinstance(model_field, models.Field)
            is_text = isinstance(model_field, models.TextField)
            widget = (
                forms.Textarea(attrs={"rows": 4, "cols": 80, "lang": language})
                if is_text
                else forms.TextInput(attrs={"class": "vTextField", "lang": language})
            )
            label = format_lazy(
                "{} ({})", capfirst(model_field.verbose_name), LANGUAGE_NAMES[language]
            )
            attrs[translation_field_name(field, language)] = forms.CharField(
                required=False, strip=False, label=label, widget=widget
            )
    bases = (base,) if issubclass(base, TranslationForm) else (TranslationForm, base)
    return type(f"{model.__name__}TranslationForm", bases, attrs)


class TranslatedAdmin:
    """Admin (model or inline) mixin: the translation fields, one fieldset per language after
    the English ones. Set `form = translation_form(Model)` on the admin class too."""

    model: type[models.Model]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        names = set(translation_field_names(self.model))
        english = []
        for title, options in super().get_fieldsets(request, obj):  # type: ignore[misc]
            kept = [
                item
                for item in options["fields"]
                if not (isinstance(item, str) and (item in names or item == "translations"))
            ]
            if kept:
                english.append((title, {**options, "fields": kept}))
        fields = TRANSLATED_FIELDS[self.model._meta.model_name or ""]
        return english + [
            (
                f"{LANGUAGE_NAMES[language]} ({language})",
                {
                    "fields": [translation_field_name(field, language) for field in fields],
                    "classes": ["collapse", "translation"],
                },
            )
            for language in TRANSLATION_LANGUAGES
        ]
