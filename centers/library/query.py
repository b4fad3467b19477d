"""How a teacher's query is read: Russian words without "ё", level abbreviations as filters, nothing else."""

import re
from dataclasses import dataclass, field

from wagtail.search.query import And, Or, PlainText

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12

# Level abbreviations teachers type; the reference list's own abbreviations are added at query time.
LEVEL_ABBREVIATIONS = {"ДОО": "preschool", "НОО": "primary", "ООО": "basic", "СОО": "secondary"}

WORD = re.compile(r"\w+(?:-\w+)*")


def normalize_text(text):
    """ё and е are one letter for a searcher: index and query both use е."""
    return text.replace("ё", "е").replace("Ё", "Е") if isinstance(text, str) else text


@dataclass
class ParsedQuery:
    """What a teacher typed, read as words to search and level filters the abbreviations asked for."""

    raw: str = ""
    words: list = field(default_factory=list)
    level_abbreviations: list = field(default_factory=list)

    @property
    def text(self):
        return " ".join(self.words)

    def __bool__(self):
        return bool(self.words)

    def as_search_query(self):
        """A Wagtail query: every word must match; a hyphenated word matches its spaced or its joined form."""
        parts = []
        for word in self.words:
            if "-" in word:
                pieces = [piece for piece in word.split("-") if piece]
                parts.append(Or([PlainText(" ".join(pieces)), PlainText("".join(pieces))]))
            else:
                parts.append(PlainText(word))
        return parts[0] if len(parts) == 1 else And(parts)


def parse_query(raw, abbreviations=None):
    """Words only: quotes, operators and control characters never reach a search backend."""
    raw = (raw or "")[:MAX_QUERY_CHARS]
    abbreviations = {key.upper(): value for key, value in (abbreviations or LEVEL_ABBREVIATIONS).items()}
    parsed = ParsedQuery(raw=raw)
    for token in WORD.findall(normalize_text(raw)):
        token = token.strip("_-")
        if not token or token.replace("_", "") == "":
            continue
        if token.upper() in abbreviations and (len(token) >= 3 or token.isupper()):
            # "ДО" is a level only in capitals: "до" is also the everyday preposition.
            parsed.level_abbreviations.append(abbreviations[token.upper()])
            continue
        parsed.words.append(token.replace("_", " ").strip())
        if len(parsed.words) == MAX_QUERY_WORDS:
            break
    parsed.words = [word for word in parsed.words if word]
    return parsed
