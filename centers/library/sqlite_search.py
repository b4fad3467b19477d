"""The SQLite half of `centers.library.search_backend`: title and body indexed as Snowball stems, queries stemmed
alike. Imported only on SQLite (its models exist there only)."""

from django.db.models import FloatField, Func
from django.utils.functional import cached_property
from modelsearch.backends.database.sqlite.query import Lexeme, SearchQueryExpression, SQLiteFTSIndexEntry
from modelsearch.backends.database.sqlite.sqlite import (
    ObjectIndexer,
    SQLiteIndex,
    SQLiteSearchBackend,
    SQLiteSearchQueryCompiler,
)
from modelsearch.query import PlainText
from modelsearch.utils import get_content_type_pk

from centers.library.stemming import stemmed_query_terms, stemmed_text


class StemmedObjectIndexer(ObjectIndexer):
    """What SQLite indexes of an object: its title and body as stems (autocomplete as written)."""

    @cached_property
    def title(self):
        return stemmed_text(ObjectIndexer.title.func(self))

    @cached_property
    def body(self):
        return stemmed_text(ObjectIndexer.body.func(self))


class StemmedSQLiteIndex(SQLiteIndex):
    def add_items(self, model, objs):
        """Wagtail's SQLite `add_items`, indexing stems: one update per entry already there, one bulk insert."""
        if not model.get_search_fields():
            return
        indexers = [StemmedObjectIndexer(obj, self.backend) for obj in objs]
        if not indexers:
            return
        data = {indexer.id: (indexer.title, indexer.autocomplete, indexer.body) for indexer in indexers}
        entries = self.entries.filter(content_type_id=get_content_type_pk(model))
        indexed = set(entries.filter(object_id__in=data.keys()).values_list("object_id", flat=True))
        for object_id in indexed:
            title, autocomplete, body = data[object_id]
            entries.filter(object_id=object_id).update(title=title, autocomplete=autocomplete, body=body)
        self.entries.bulk_create(
            self.entries.model(
                content_type_id=get_content_type_pk(model),
                object_id=object_id,
                title=title,
                autocomplete=autocomplete,
                body=body,
            )
            for object_id, (title, autocomplete, body) in data.items()
            if object_id not in indexed
        )
        self._refresh_title_norms()


# FTS5 columns in the order Wagtail creates them: autocomplete, body, title. A word in the title counts as much more
# as PostgreSQL's weights A (title) and D (body) make it there.
COLUMN_WEIGHTS = (0.0, 0.1, 1.0)


class WeightedBM25(Func):
    """FTS5's bm25() with the title weighing more than the body (Wagtail's own passes no weights: all alike)."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra_context):
        weights = ", ".join(str(weight) for weight in COLUMN_WEIGHTS)
        return f"bm25({SQLiteFTSIndexEntry._meta.db_table}, {weights})", []


class StemmedSQLiteQueryCompiler(SQLiteSearchQueryCompiler):
    """Every word of a query as its stem (stop words left out as PostgreSQL does), all of them required; ranked
    with the title weighing more than the body."""

    def _build_rank_expression(self, vectors, config):
        return WeightedBM25()

    def build_search_query_content(self, query, config=None):
        if not isinstance(query, PlainText):
            return super().build_search_query_content(query, config=config)
        stems = stemmed_query_terms(query.query_string)
        if not stems:
            return super().build_search_query_content(query, config=config)
        lexemes = Lexeme(stems[0])
        for term in stems[1:]:
            lexemes = lexemes & Lexeme(term) if query.operator.upper() == "AND" else lexemes | Lexeme(term)
        return SearchQueryExpression(lexemes, config=config)


class StemmedSQLiteSearchBackend(SQLiteSearchBackend):
    query_compiler_class = StemmedSQLiteQueryCompiler
    index_class = StemmedSQLiteIndex
