"""Fills empty Russian msgstr entries of the project's catalogues from a JSON file {msgid: msgstr}.

Usage: python tools/translate_po.py translations.json   (then `make messages` compiles them)
A msgid with a context (pgettext) may be keyed "context\u0004msgid", as gettext itself keys it; that key wins over
the plain msgid, so "first" for a feminine weekday gets its own word, not the masculine one.
Without arguments it lists the msgids still untranslated, one per line, and exits 1 if there are any.
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ["locale", "centers/locale", "blocks/locale"]


def catalogues():
    for folder in CATALOGUES:
        path = ROOT / folder / "ru" / "LC_MESSAGES" / "django.po"
        if path.exists():
            yield path, polib.pofile(str(path), wrapwidth=0)


def untranslated():
    for path, po in catalogues():
        for entry in po:
            if entry.obsolete:
                continue
            if not entry.translated() or "fuzzy" in entry.flags:
                yield path, entry


def translation_for(entry, translations):
    """The value keyed by gettext's own key (context, EOT, msgid), else by the plain msgid, else None."""
    if entry.msgctxt and f"{entry.msgctxt}\x04{entry.msgid}" in translations:
        return translations[f"{entry.msgctxt}\x04{entry.msgid}"]
    return translations.get(entry.msgid)


def fill(translations):
    for path, po in catalogues():
        for entry in po:
            value = translation_for(entry, translations)
            if value is not None:
                if entry.msgid_plural:
                    forms = value if isinstance(value, list) else [value] * 3
                    entry.msgstr_plural = dict(enumerate(forms))
                else:
                    entry.msgstr = value
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        po.save(str(path))


if __name__ == "__main__":
    if len(sys.argv) > 1:
        fill(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
    missing = [f"{path.relative_to(ROOT)}: {entry.msgid}" for path, entry in untranslated()]
    print("\n".join(missing))
    sys.exit(1 if missing else 0)
