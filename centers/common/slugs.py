"""Page slugs made in code the way Wagtail's admin makes them from a Russian title: transliterated, never %D0%...

The admin's slug field (WAGTAIL_ALLOW_UNICODE_SLUGS = False) transliterates with its RUSSIAN_MAP; pages created
without an editor (practices sent from the public form, provisioned centers) go through the same letters here, so a
page's address does not depend on how the page was made.
"""

import re
import unicodedata

# Wagtail's admin (urlify, RUSSIAN_MAP), letter for letter.
RUSSIAN_LETTERS = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e yo zh z i j k l m n o p r s t u f x c ch sh shh _ y _ e yu ya".split(),
        strict=True,
    )
)
TRANSLITERATION = str.maketrans({cyrillic: latin.strip("_") for cyrillic, latin in RUSSIAN_LETTERS.items()})
MAX_LENGTH = 255


def transliterated_slug(text, max_length=MAX_LENGTH):
    """«Игровые технологии на уроках» -> igrovye-texnologii-na-urokax, as the admin's slug field spells it."""
    value = " ".join(str(text).split()).lower().translate(TRANSLITERATION)
    # Accented Latin letters lose their accents (é -> e); other signs (№, «») go, as in the admin.
    value = unicodedata.normalize("NFD", value).encode("ascii", "ignore").decode()
    value = re.sub(r"[^-\w\s]", "", value, flags=re.ASCII)
    value = re.sub(r"[-\s]+", "-", value)
    return value[:max_length].strip("-")


def unique_child_slug(parent, text, fallback="page"):
    """A transliterated slug no child of `parent` has yet: igrovye-texnologii, then igrovye-texnologii-2..."""
    base = transliterated_slug(text, MAX_LENGTH - 4) or fallback
    slug, number = base, 1
    while parent.get_children().filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
