"""A scan of every text column of every table for what names a person: the test of an erasure.

It walks the database itself (the connection's introspection), not the models: tables no model describes (the
search backend's index, many-to-many tables, a full-text index's own tables) are read too. A column is read when its
type can hold text: character, text and JSON columns, and types Django does not map (PostgreSQL's tsvector of the
search index, the untyped columns of SQLite's full-text tables). Each needle is looked for as written, in lower case
and as JSON escapes it (SQLite stores JSON with \\uXXXX escapes), so revisions and log entries are read as well.

A search index stores words stemmed and lower-cased («хабибуллин» for «Хабибуллина»): give a lower-case stem among
the needles to find it there. `search_hits` asks the search backend in use the same question.
"""

import json

from django.db import connection
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

# Column types that cannot hold a person's words (Django's names for the introspected types).
NOT_TEXT = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "BigIntegerField",
    "IntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "BooleanField",
    "DateField",
    "DateTimeField",
    "TimeField",
    "DurationField",
    "FloatField",
    "DecimalField",
    "UUIDField",
    "BinaryField",
    "GenericIPAddressField",
}


def variants(needles):
    found = []
    for needle in needles:
        for text in (needle, needle.lower(), json.dumps(needle)[1:-1], json.dumps(needle.lower())[1:-1]):
            if text and text not in found:
                found.append(text)
    return found


def text_columns(cursor, table):
    columns = []
    for column in connection.introspection.get_table_description(cursor, table):
        try:
            kind = connection.introspection.get_field_type(column.type_code, column)
        except KeyError:  # a type Django does not map: tsvector, an FTS column without a declared type
            kind = None
        if kind not in NOT_TEXT:
            columns.append(column.name)
    return columns


def contains(column):
    quoted = f"CAST({connection.ops.quote_name(column)} AS TEXT)"
    if connection.vendor == "postgresql":
        return f"strpos({quoted}, %s) > 0"
    return f"instr({quoted}, %s) > 0"


def rows_holding(needles, allowed=()):
    """«table.column» for every column of every table holding a needle, but those in `allowed` (the proof the law
    requires to keep). Each finding names the needle too, so a failure says what stayed where."""
    texts = variants(needles)
    found = []
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            columns = [column for column in text_columns(cursor, table) if f"{table}.{column}" not in allowed]
            if not columns:
                continue
            where = " OR ".join(contains(column) for column in columns for _text in texts)
            params = [text for _column in columns for text in texts]
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} WHERE {where} LIMIT 1", params)
            if cursor.fetchone() is None:
                continue
            for column in columns:
                for text in texts:
                    cursor.execute(
                        f"SELECT 1 FROM {connection.ops.quote_name(table)} WHERE {contains(column)} LIMIT 1",
                        [text],
                    )
                    if cursor.fetchone() is not None:
                        found.append(f"{table}.{column}: {text}")
    return found


def search_hits(needles, models=(Page,)):
    """What the search backend in use finds for each needle among these models' indexed objects."""
    backend = get_search_backend()
    hits = []
    for model in models:
        for needle in needles:
            for result in backend.search(needle, model.objects.all()):
                hits.append(f"{model._meta.label} {result.pk}: {needle}")
    return hits
