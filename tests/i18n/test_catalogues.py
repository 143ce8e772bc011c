"""The translation catalogues: complete for every finished language (no empty or fuzzy entry)
and faithful (placeholders and HTML tags kept, so a translation can never break a page)."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

# Languages whose catalogues are finished; a language joins once all of its entries are.
COMPLETE = ["fr", "de", "es", "it", "pt"]
DOMAINS = ["django", "djangojs"]
LOCALE = Path(settings.LOCALE_PATHS[0])

PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?[sdifr]")
BRACES = re.compile(r"(?<!\{)\{(\w*)\}(?!\})")
TAG = re.compile(r"</?([a-z]+)\b")


def placeholders(text: str) -> list[str]:
    text = text.replace("%%", "")
    return sorted(
        [f"%({m.group(1)})" if m.group(1) else m.group(0) for m in PERCENT.finditer(text)]
        + [f"{{{name}}}" for name in BRACES.findall(text)]
    )


def tags(text: str) -> list[str]:
    return sorted(TAG.findall(text))


def catalogue(lang: str, domain: str):
    with (LOCALE / lang / "LC_MESSAGES" / f"{domain}.po").open("rb") as po_file:
        return read_po(po_file, locale=lang)


def entries(lang: str, domain: str):
    return [message for message in catalogue(lang, domain) if message.id]


def test_every_offered_language_has_both_catalogues():
    for code, _name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        for domain in DOMAINS:
            assert (LOCALE / code / "LC_MESSAGES" / f"{domain}.po").is_file(), (code, domain)


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_catalogue_has_the_same_entries(domain):
    english = {(m.context, str(m.id)) for m in entries("fr", domain)}
    for code, _name in settings.LANGUAGES:
        if code not in (settings.LANGUAGE_CODE, "fr"):
            assert {(m.context, str(m.id)) for m in entries(code, domain)} == english, code


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("lang", COMPLETE)
def test_every_entry_is_translated_and_not_fuzzy(lang, domain):
    messages = catalogue(lang, domain)
    assert not messages.fuzzy, "the header is marked fuzzy"
    empty, fuzzy = [], []
    for message in entries(lang, domain):
        strings = message.string if message.pluralizable else (message.string,)
        if (message.pluralizable and len(strings) != messages.num_plurals) or not all(
            s and s.strip() for s in strings
        ):
            empty.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert not empty, f"{len(empty)} untranslated in {lang}: {empty[:10]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {lang}: {fuzzy[:10]}"


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("lang", COMPLETE)
def test_translations_keep_placeholders_and_tags(lang, domain):
    wrong = []
    for message in entries(lang, domain):
        if message.pluralizable:
            singular, plural = message.id
            allowed = set(placeholders(singular)) | set(placeholders(plural))
            forms = list(message.string)
            if forms and forms[-1] and placeholders(forms[-1]) != placeholders(plural):
                wrong.append((plural, forms[-1]))
            for form in forms:
                if form and not set(placeholders(form)) <= allowed:
                    wrong.append((singular, form))
                if form and tags(form) != tags(plural):
                    wrong.append((plural, form))
        elif message.string:
            if placeholders(message.string) != placeholders(message.id):
                wrong.append((message.id, message.string))
            if tags(message.string) != tags(message.id):
                wrong.append((message.id, message.string))
    assert not wrong, "\n".join(f"{a!r} -> {b!r}" for a, b in wrong)


def test_the_checks_catch_a_broken_translation():
    assert placeholders("%(count)s of %(total)s, {name} 100%%") == [
        "%(count)",
        "%(total)",
        "{name}",
    ]
    assert placeholders("%(count)s sur %(totl)s") != placeholders("%(count)s of %(total)s")
    assert tags('<a href="%(url)s">x</a> <strong>y</strong>') == ["a", "a", "strong", "strong"]
