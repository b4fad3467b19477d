"""A library entry's subjects, levels and keywords as one list of integers: counting them over 20,000 matches on
PostgreSQL is an `unnest` of an `integer[]` (a third of what splitting "facet:value" strings out of JSON cost)."""

import json

from django.db import models

MULTI_VALUED_FACETS = ("subject", "level", "keyword")
SLOTS = 4  # room for the facets in MULTI_VALUED_FACETS: a code is value * SLOTS + the facet's position


def facet_code(facet, value):
    return int(value) * SLOTS + MULTI_VALUED_FACETS.index(facet)


def facet_of_code(code):
    """(facet, value) of a code."""
    return MULTI_VALUED_FACETS[code % SLOTS], code // SLOTS


class FacetCodesField(models.Field):
    """A list of integers: `integer[]` on PostgreSQL, JSON text elsewhere (where no query reads it)."""

    def db_type(self, connection):
        return "integer[]" if connection.vendor == "postgresql" else "text"

    def get_db_prep_value(self, value, connection, prepared=False):
        value = list(value or [])
        return value if connection.vendor == "postgresql" else json.dumps(value)

    def from_db_value(self, value, expression, connection):
        if isinstance(value, str):
            return json.loads(value)
        return list(value or [])

    def to_python(self, value):
        return json.loads(value) if isinstance(value, str) else list(value or [])
