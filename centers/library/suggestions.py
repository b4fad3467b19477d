"""Hints while a teacher types and when nothing is found: known titles, and the query with its typos corrected."""

import difflib

from django.conf import settings

from centers.directory.models import Direction, Subject
from centers.library.cache import library_cache
from centers.library.query import WORD, normalize_text, parse_query
from centers.library.registry import searchable_pages

SUGGESTION_SIMILARITY = 0.75  # difflib's ratio between a typed word and a known one
MAX_LENGTH_DIFFERENCE = 3
KNOWN_WORDS_KEY = "centers-library-words"


def suggest(parsed_query):
    """For words that found nothing: the query with each unknown word replaced by the closest known one (from the
    titles of published pages, directions and subjects), or None when no word can be corrected.

    The known words are read once and cached for an hour (a new title's words may wait that long), so a typo
    costs a dictionary lookup per word, not a similarity scan over every title.
    """
    if not parsed_query:
        return None
    vocabulary = known_words()
    corrected, changed = [], False
    for word in parsed_query.text.replace("-", " ").split():
        word = normalize_text(word).lower()
        closest = None if word in vocabulary["all"] else _closest_word(word, vocabulary)
        corrected.append(closest or word)
        changed = changed or closest is not None
    return " ".join(corrected) if changed else None


def _closest_word(word, vocabulary):
    """The known word most like `word` (same first letter, a similar length), above the threshold."""
    candidates = [
        known
        for known in vocabulary["by_letter"].get(word[:1], ())
        if abs(len(known) - len(word)) <= MAX_LENGTH_DIFFERENCE
    ]
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=SUGGESTION_SIMILARITY)
    return matches[0] if matches else None


def forget_known_words():
    library_cache().delete(KNOWN_WORDS_KEY)


def known_words():
    """{"all": set of words, "by_letter": {first letter: [words]}} of published titles, directions and subjects."""
    cache = library_cache()
    vocabulary = cache.get(KNOWN_WORDS_KEY)
    if vocabulary is None:
        words = set()
        texts = [
            searchable_pages().values_list("title", flat=True).iterator(chunk_size=5000),
            Direction.objects.values_list("name", flat=True),
            Subject.objects.values_list("name", flat=True),
        ]
        for queryset in texts:
            for text in queryset:
                words.update(word for word in WORD.findall(normalize_text(text).lower()) if len(word) > 2)
        by_letter = {}
        for word in sorted(words):
            by_letter.setdefault(word[:1], []).append(word)
        vocabulary = {"all": words, "by_letter": by_letter}
        cache.set(KNOWN_WORDS_KEY, vocabulary, getattr(settings, "LIBRARY_WORDS_SECONDS", 3600))
    return vocabulary


def autocomplete_titles(raw, limit=8):
    """Titles of published pages starting with what was typed, via Wagtail's autocomplete()."""
    parsed = parse_query(raw, abbreviations={})
    if not parsed or len(parsed.text) < 2:
        return []
    text = parsed.text.replace("-", " ")
    results = searchable_pages().autocomplete(text)[:limit]
    return [page.title for page in results]
