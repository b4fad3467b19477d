"""Timing library searches: the request through Django's test client, and its floor, the main search SQL alone.

The floor of a search is the query that matches the words (the one with `@@`, over the words the library entries
keep, returning every match in result order, which the facets and the page of results then use), captured
from a real request and then executed as it is through `connection.cursor()`. The ratio request/SQL is what the view, the facets, the snippets and the template cost on top.
On SQLite the floor is skipped: the figure that matters is PostgreSQL's.
"""

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from centers.library.cache import forget_facet_counts

from .measuring import fetch, measure_pages, percentile_95

MATCH_OPERATOR = "@@"
SQL_WARMUP = 2


def floor_available():
    return connection.vendor == "postgresql"


def main_search_sql(captured_queries):
    """The SQL that matches the words among a request's queries: the first to match a text search query."""
    candidates = [
        query["sql"]
        for query in captured_queries
        if MATCH_OPERATOR in query["sql"] and "ts_headline" not in query["sql"]
    ]
    return candidates[0] if candidates else None


def capture_search_sql(client, label, url):
    """The matching SQL of one request: the library's kept matches are forgotten first, so that it matches."""
    forget_facet_counts()
    with CaptureQueriesContext(connection) as captured:
        fetch(client, label, url)
    return main_search_sql(captured.captured_queries)


def time_sql(sql, warmup=SQL_WARMUP, repeats=30):
    """Milliseconds of each of `repeats` runs of `sql` straight on the database, rows fetched."""
    timings = []
    with connection.cursor() as cursor:
        for run in range(warmup + repeats):
            started = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            if run >= warmup:
                timings.append((time.perf_counter() - started) * 1000)
    return timings


def time_first_searches(client, label, url, requests):
    """Milliseconds of `requests` first searches: the kept matches forgotten before each, as after any publish."""
    timings = []
    for _ in range(requests):
        forget_facet_counts()
        started = time.perf_counter()
        fetch(client, label, url)
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def measure_searches(searches, warmup, requests):
    """One row per {label: url}: queries, median and p95 ms of the request when its matches are kept and when they
    are not (the first search after a change), and the SQL floor (PostgreSQL)."""
    if not searches:
        return []
    rows = measure_pages(searches, warmup, requests)
    client = Client()
    for row in rows:
        first = time_first_searches(client, row["label"], row["url"], requests)
        row["first_median_ms"] = statistics.median(first)
        row["first_p95_ms"] = percentile_95(first)
        row.pop("floor_ratio", None)
        row["sql"] = None
        row["sql_median_ms"] = None
        row["sql_ratio"] = None
        if not floor_available():
            continue
        sql = capture_search_sql(client, row["label"], row["url"])
        if sql is None:
            continue
        row["sql"] = sql
        row["sql_median_ms"] = statistics.median(time_sql(sql, repeats=requests))
        row["sql_ratio"] = row["median_ms"] / row["sql_median_ms"] if row["sql_median_ms"] else None
    return rows


def combine_searches(scales):
    """{scale: rows} -> {label: {"url", scale: figures...}} for the JSON file."""
    searches = {}
    for scale, rows in scales.items():
        for row in rows:
            entry = searches.setdefault(row["label"], {"url": row["url"]})
            entry[scale] = {
                "queries": row["queries"],
                "queries_vary": row["queries_vary"],
                "median_ms": round(row["median_ms"], 3),
                "p95_ms": round(row["p95_ms"], 3),
                "first_median_ms": round(row["first_median_ms"], 3),
                "first_p95_ms": round(row["first_p95_ms"], 3),
                "sql_median_ms": None if row["sql_median_ms"] is None else round(row["sql_median_ms"], 3),
                "sql_ratio": None if row["sql_ratio"] is None else round(row["sql_ratio"], 2),
                "sql": row["sql"],
            }
    return searches


def large_small(entry):
    """The large median over the small one (issue 19 asks at most 2x), when both scales were timed."""
    if "small" not in entry or not entry["small"]["median_ms"]:
        return "-"
    return f"{entry['large']['median_ms'] / entry['small']['median_ms']:.1f}"


def format_search_table(searches):
    """Text table, one line per search and scale: queries, median and p95 ms (kept matches, then first searches),
    SQL floor median, request/SQL and (on the large row) the large/small median."""
    header = [
        "search",
        "scale",
        "queries",
        "median ms",
        "p95 ms",
        "first median",
        "first p95",
        "SQL floor ms",
        "request/SQL",
        "L/S median",
    ]
    rows = [header]
    for label, entry in searches.items():
        for scale in ("small", "large"):
            figures = entry.get(scale)
            if not figures:
                continue
            rows.append(
                [
                    label,
                    scale,
                    str(figures["queries"]),
                    f"{figures['median_ms']:.1f}",
                    f"{figures['p95_ms']:.1f}",
                    f"{figures['first_median_ms']:.1f}",
                    f"{figures['first_p95_ms']:.1f}",
                    "-" if figures["sql_median_ms"] is None else f"{figures['sql_median_ms']:.1f}",
                    "-" if figures["sql_ratio"] is None else f"{figures['sql_ratio']:.1f}",
                    large_small(entry) if scale == "large" else "",
                ]
            )
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = [
        "  ".join(
            cell.ljust(width) if column < 2 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    if not floor_available():
        lines.append(f"SQL floor skipped: {connection.vendor}, not PostgreSQL.")
    return "\n".join(lines)
