"""How an event is named in a sentence, the same on certificates, letters, the check page and the admin.

Titles often start with their format already («Семинар «Адаптированная программа»»): such a title is the name as it
is. Any other title gets its format after it in brackets («Клуб наставников» (семинар)), so the format is never said
twice («Семинар «Семинар «…»»»).
"""


def title_names_format(title, format_name):
    """True when the title begins with the format's word (case aside), followed by a non-letter or nothing."""
    title, word = title.strip().casefold(), format_name.strip().casefold()
    if not word or not title.startswith(word):
        return False
    rest = title[len(word) :]
    return not rest or not rest[0].isalnum()


def event_name(title, format_name):
    """The event's name in running text: the title, and its format in brackets unless the title says it."""
    title = title.strip()
    if not format_name or title_names_format(title, format_name):
        return title
    return f"{title} ({format_name.strip().lower()})"
