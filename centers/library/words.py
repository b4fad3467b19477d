"""The library's own index: each entry's words, computed from its page by the library itself, matched by the library.

A page's words are the values of its type's search fields (Wagtail's `index.SearchField`, followed through
`index.RelatedFields`, the text of attached documents included), the title's apart from the rest. The host's
Wagtail search backend is never read or written for them, so any backend serves its admin search and API.

- PostgreSQL: `LibraryEntry.document`, a tsvector built with `setweight(to_tsvector(config, ...))`: title words in
  weight B, the rest in D (A and C for fields boosted 10 or more / between), ranked with `RANK_WEIGHTS`; the config
  is `CENTERS_SEARCH_CONFIG`, else the `SEARCH_CONFIG` of Wagtail's default backend, else the database's default.
- SQLite: `LibraryEntry.title_stems` and `body_stems`, the words as Snowball stems (`centers.library.stemming`),
  indexed by the FTS5 table `centers_libraryentry_stems` (external content, kept by triggers: see
  `ensure_stems_index`); a query's words are stemmed alike and titles weigh ten times the body in bm25.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Manager
from django.db.models.expressions import RawSQL
from django.utils.encoding import force_str
from modelcluster.fields import ParentalManyToManyField
from wagtail.search import index

from centers.library.stemming import TOKEN, stem, stemmed_text, stop_words

WEIGHTS = "ABCD"
# ts_rank's weights of D, C, B, A: the title (Wagtail's `boost=2` on Page.title) in B, fields without a boost in D,
# the figures Wagtail's PostgreSQL backend ranked this site's pages with before the library kept its own words.
RANK_WEIGHTS = "{0.0099,0.0099,0.2079,1.0}"
STEMS_TABLE = "centers_libraryentry_stems"
# FTS5 columns title_stems, body_stems: a word in the title counts as much more as weights B and D make it above.
STEMS_BM25 = f"bm25({STEMS_TABLE}, 1.0, 0.1)"
BATCH = 1000


def search_config():
    """The text search configuration of the library's words: CENTERS_SEARCH_CONFIG, else the SEARCH_CONFIG of
    Wagtail's default backend when set, else None (the database's default_text_search_config)."""
    config = getattr(settings, "CENTERS_SEARCH_CONFIG", None)
    if config:
        return config
    return getattr(settings, "WAGTAILSEARCH_BACKENDS", {}).get("default", {}).get("SEARCH_CONFIG")


def weight_of(boost):
    """A field's tsvector weight from its boost: 10 or more A, 2 or more B (the title), more than 1 C, else D."""
    if boost is None or boost <= 1:
        return "D"
    if boost >= 10:
        return "A"
    return "B" if boost >= 2 else "C"


def prepared(value):
    """A field's value as text (lists and dicts joined, nothing for None)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return ", ".join(filter(None, (prepared(item) for item in value)))
    if isinstance(value, dict):
        return ", ".join(filter(None, (prepared(item) for item in value.values())))
    return force_str(value)


def field_texts(obj, search_fields):
    """(is title, weight, text) of every SearchField of `obj`, following RelatedFields."""
    for search_field in search_fields:
        if isinstance(search_field, index.SearchField):
            text = prepared(search_field.get_value(obj)).strip()
            if text:
                yield search_field.field_name == "title", weight_of(search_field.boost), text
        elif isinstance(search_field, index.RelatedFields):
            related = search_field.get_value(obj)
            if related is None:
                continue
            if isinstance(related, list | tuple):
                pass
            elif isinstance(related, Manager) or hasattr(related, "all"):
                related = related.all()
            elif callable(related):
                related = [related()]
            else:
                related = [related]
            for item in related:
                if item is not None:
                    yield from field_texts(item, search_field.fields)


class PageWords:
    """A page's words: its title's and the rest's texts by weight."""

    def __init__(self, page):
        self.title = {weight: [] for weight in WEIGHTS}
        self.body = {weight: [] for weight in WEIGHTS}
        for is_title, weight, text in field_texts(page, page.get_search_fields()):
            (self.title if is_title else self.body)[weight].append(text)

    def texts(self):
        """Eight texts: the title's in weights A-D, then the rest's."""
        return ["\n".join(part[weight]) for part in (self.title, self.body) for weight in WEIGHTS]

    def title_stems(self):
        return stemmed_text("\n".join(text for weight in WEIGHTS for text in self.title[weight]))

    def body_stems(self):
        return stemmed_text("\n".join(text for weight in WEIGHTS for text in self.body[weight]))


def attach_parental_many_to_many(model, objects):
    """Load every ParentalManyToManyField of `objects` with one query each (modelcluster's accessor ignores
    prefetch_related, so each page would query its subjects and levels once)."""
    for field in model._meta.get_fields():
        if not isinstance(field, ParentalManyToManyField):
            continue
        through = field.remote_field.through
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        related = {obj.pk: [] for obj in objects}
        links = through.objects.filter(**{f"{source}__in": list(related)}).select_related(target)
        for link in links.order_by("pk"):
            related[getattr(link, f"{source}_id")].append(getattr(link, target))
        for obj in objects:
            setattr(obj, field.name, related[obj.pk])


def words_of_pages(types_of_pages, objects=None):
    """{page id: PageWords} of the pages in {page id: content type id}; `objects` ({page id: the page as its own
    type}) are read as they are in memory (a page being saved, with its inline children not stored yet), the others
    are loaded per type with what their search fields follow."""
    objects = dict(objects or {})
    by_type = {}
    for page_id, type_id in types_of_pages.items():
        if page_id not in objects:
            by_type.setdefault(type_id, []).append(page_id)
    for type_id, page_ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        for start in range(0, len(page_ids), BATCH):
            loaded = list(model.get_indexed_objects().filter(pk__in=page_ids[start : start + BATCH]))
            attach_parental_many_to_many(model, loaded)
            objects.update({page.pk: page for page in loaded})
    return {page_id: PageWords(objects[page_id]) for page_id in types_of_pages if page_id in objects}


def write_documents(words):
    """PostgreSQL: each entry's `document` from {page id: PageWords}, the title first, each text in its weight."""
    if connection.vendor != "postgresql" or not words:
        return
    config = search_config()
    vector = "to_tsvector(%s::regconfig, {})" if config else "to_tsvector({})"
    parts = [
        f"setweight({vector.format(f'words.t{position}')}, '{weight}')"
        for position, weight in enumerate(WEIGHTS * 2)
    ]
    params = [config] * len(parts) if config else []
    columns = ", ".join(f"t{position}" for position in range(len(parts)))
    sql = (
        f"UPDATE centers_libraryentry AS entry SET document = {' || '.join(parts)}"
        f" FROM unnest(%s::integer[], {', '.join(['%s::text[]'] * len(parts))}) AS words(page_id, {columns})"
        " WHERE entry.page_id = words.page_id"
    )
    page_ids = list(words)
    with connection.cursor() as cursor:
        for start in range(0, len(page_ids), BATCH):
            batch = page_ids[start : start + BATCH]
            texts = [words[page_id].texts() for page_id in batch]
            arrays = [[row[position] for row in texts] for position in range(len(parts))]
            cursor.execute(sql, [*params, batch, *arrays])


def query_terms(parsed_query):
    """The words of a query as groups of alternatives of tokens: a hyphenated word matches its spaced or its
    joined form; stop words are left out, as PostgreSQL does, unless the query has nothing else."""
    stops = stop_words()
    words = [word for word in parsed_query.words if TOKEN.findall(word)]
    kept = [
        word
        for word in words
        if any(token.lower() not in stops for token in TOKEN.findall(word.replace("ё", "е")))
    ]
    terms = []
    for word in kept or words:
        if "-" in word:
            pieces = [piece for piece in word.split("-") if piece]
            terms.append([TOKEN.findall(" ".join(pieces)), TOKEN.findall("".join(pieces))])
        else:
            terms.append([TOKEN.findall(word)])
    return terms


def fts_query(parsed_query):
    """An FTS5 query over the stems: every word required (each of its tokens, stop words within it left out)."""
    stops = stop_words()
    groups = []
    for alternatives in query_terms(parsed_query):
        options = []
        for tokens in alternatives:
            kept = [token for token in tokens if token.lower() not in stops] or tokens
            options.append(" AND ".join(f'"{stem(token)}"' for token in kept))
        groups.append("(" + " OR ".join(f"({option})" for option in options) + ")")
    return " AND ".join(groups)


def tsquery(parsed_query):
    """(SQL, params) of a tsquery: every word must match; a hyphenated word matches its spaced or its joined form."""
    config = search_config()
    words_of = "plainto_tsquery(%s::regconfig, %s)" if config else "plainto_tsquery(%s)"
    configured = [config] if config else []
    parts, params = [], []
    for word in parsed_query.words:
        if "-" in word:
            pieces = [piece for piece in word.split("-") if piece]
            parts.append(f"({words_of} || {words_of})")
            params += [*configured, " ".join(pieces), *configured, "".join(pieces)]
        else:
            parts.append(words_of)
            params += [*configured, word]
    return " && ".join(parts), params


def matching_page_ids(parsed_query):
    """RawSQL of the ids of the pages whose entries hold every word of the query (a subquery)."""
    if connection.vendor == "postgresql":
        query, params = tsquery(parsed_query)
        return RawSQL(f"SELECT page_id FROM centers_libraryentry WHERE document @@ ({query})", params)
    return RawSQL(f"SELECT rowid FROM {STEMS_TABLE} WHERE {STEMS_TABLE} MATCH %s", [fts_query(parsed_query)])


def page_rank(parsed_query, page_table):
    """RawSQL of a page's rank for the query (higher first on PostgreSQL; bm25's, lower first, on SQLite), with
    `page_table` the page table's name in the outer query."""
    if connection.vendor == "postgresql":
        query, params = tsquery(parsed_query)
        return RawSQL(
            f"SELECT ts_rank(%s::float4[], document, ({query})) FROM centers_libraryentry"
            f" WHERE page_id = {page_table}.id",
            [RANK_WEIGHTS, *params],
        )
    return RawSQL(
        f"SELECT -{STEMS_BM25} FROM {STEMS_TABLE} WHERE {STEMS_TABLE} MATCH %s AND rowid = {page_table}.id",
        [fts_query(parsed_query)],
    )


STEMS_TRIGGERS = {
    f"{STEMS_TABLE}_insert": (
        "AFTER INSERT ON centers_libraryentry BEGIN"
        f" INSERT INTO {STEMS_TABLE}(rowid, title_stems, body_stems)"
        " VALUES (new.page_id, new.title_stems, new.body_stems); END"
    ),
    f"{STEMS_TABLE}_delete": (
        "AFTER DELETE ON centers_libraryentry BEGIN"
        f" INSERT INTO {STEMS_TABLE}({STEMS_TABLE}, rowid, title_stems, body_stems)"
        " VALUES ('delete', old.page_id, old.title_stems, old.body_stems); END"
    ),
    f"{STEMS_TABLE}_update": (
        "AFTER UPDATE ON centers_libraryentry BEGIN"
        f" INSERT INTO {STEMS_TABLE}({STEMS_TABLE}, rowid, title_stems, body_stems)"
        " VALUES ('delete', old.page_id, old.title_stems, old.body_stems);"
        f" INSERT INTO {STEMS_TABLE}(rowid, title_stems, body_stems)"
        " VALUES (new.page_id, new.title_stems, new.body_stems); END"
    ),
}


def ensure_stems_index(using_connection=None):
    """SQLite: the FTS5 index of the entries' stems and the triggers keeping it, rebuilt from the entries when
    either was missing (Django rebuilds a table it alters on SQLite, and the triggers go with the old one).
    Returns whether anything had to be made."""
    conn = using_connection or connection
    if conn.vendor != "sqlite":
        return False
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE name = 'centers_libraryentry'"
            f" OR name = '{STEMS_TABLE}' OR name LIKE '{STEMS_TABLE}_%'"
        )
        present = {row[0] for row in cursor.fetchall()}
        if "centers_libraryentry" not in present:
            return False
        missing = [name for name in (STEMS_TABLE, *STEMS_TRIGGERS) if name not in present]
        if not missing:
            return False
        if STEMS_TABLE not in present:
            cursor.execute(
                f"CREATE VIRTUAL TABLE {STEMS_TABLE} USING fts5(title_stems, body_stems,"
                " content='centers_libraryentry', content_rowid='page_id',"
                " tokenize='unicode61 remove_diacritics 0')"
            )
        for name, body in STEMS_TRIGGERS.items():
            if name not in present:
                cursor.execute(f"CREATE TRIGGER {name} {body}")
        cursor.execute(f"INSERT INTO {STEMS_TABLE}({STEMS_TABLE}) VALUES ('rebuild')")
    return True
