"""Russian word forms on engines without them (SQLite): the Snowball stemmers PostgreSQL's `russian` configuration
uses, applied alike to the indexed text and to the query.

PostgreSQL's `russian` configuration stems Cyrillic words with Snowball's Russian stemmer and Latin ones with its
English stemmer, splits hyphenated words into their parts and ignores the same stop words (the lists in
`stopwords/` are PostgreSQL's, which are Snowball's).
"""

import re
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer

from centers.library.query import normalize_text

TOKEN = re.compile(r"[^\W_]+")
STOP_WORDS_FOLDER = Path(__file__).with_name("stopwords")


@cache
def _stemmer(language):
    return snowballstemmer.stemmer(language)


@cache
def stop_words():
    """The Russian and English stop words PostgreSQL's `russian` configuration drops from a query."""
    words = set()
    for name in ("russian.txt", "english.txt"):
        text = (STOP_WORDS_FOLDER / name).read_text(encoding="utf-8")
        words.update(normalize_text(line.strip()) for line in text.splitlines() if line.strip())
    return frozenset(words)


@lru_cache(maxsize=100_000)  # a language's words repeat: a results page stems a few hundred, mostly the same
def stem(word):
    """One word's stem: lower case, ё as е, Latin words by the English stemmer, Cyrillic by the Russian one."""
    word = normalize_text(word.lower())
    if word.isascii():
        return _stemmer("english").stemWord(word) if word.isalpha() else word
    return _stemmer("russian").stemWord(word)


def stemmed_text(text):
    """Every word of `text` as its stem, space-separated (hyphenated words as their parts), for the index."""
    return " ".join(stem(token) for token in TOKEN.findall(text or ""))


def stemmed_query_terms(text):
    """The stems a query's words must match: stop words left out, unless the query has nothing else."""
    tokens = TOKEN.findall(text or "")
    kept = [token for token in tokens if normalize_text(token.lower()) not in stop_words()] or tokens
    return [stem(token) for token in kept]
