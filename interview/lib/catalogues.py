"""Compiling the translation catalogues (locale/<lang>/LC_MESSAGES/*.po -> .mo) in pure Python.

Rule: every .po file under a locale directory is compiled to the .mo file beside it when the
.mo is missing or older than the .po; fuzzy and untranslated entries are left out (Django then
shows the English text). Babel does the work, so no system gettext (msgfmt) is needed.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po


def catalogues_compile(*, locale_dirs: list[Path], force: bool = False) -> list[Path]:
    """Compile the stale catalogues under `locale_dirs`; the .mo files written."""
    written = []
    for locale_dir in locale_dirs:
        for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if (
                not force
                and mo_path.exists()
                and mo_path.stat().st_mtime >= po_path.stat().st_mtime
            ):
                continue
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file, locale=po_path.parent.parent.name, abort_invalid=True)
            for message in list(catalog)[1:]:
                if message.pluralizable and not any(message.string or ()):
                    catalog.delete(message.id, context=message.context)  # English, as msgfmt
            temporary = mo_path.with_suffix(".mo.tmp")
            with temporary.open("wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=False)
            temporary.replace(mo_path)
            written.append(mo_path)
    return written
