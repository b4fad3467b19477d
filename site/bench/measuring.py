"""Timing public pages in one process with Django's test client: warm-up, query count, then timed requests."""

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

WARMUP = 5
REQUESTS = 30
COUNTED = 3  # requests whose queries are counted, apart from the timed ones so that counting costs no time


class PageFailed(Exception):
    pass


def fetch(client, label, url):
    response = client.get(url)
    if response.status_code != 200:
        raise PageFailed(f"{label} ({url}) answered {response.status_code}, not 200.")
    return response


def count_queries(client, label, url, warmup):
    for _ in range(warmup):
        fetch(client, label, url)
    counts = []
    for _ in range(COUNTED):
        with CaptureQueriesContext(connection) as captured:
            fetch(client, label, url)
        counts.append(len(captured))
    return counts


def percentile_95(timings):
    return statistics.quantiles(timings, n=20, method="inclusive")[18]


def measure_pages(pages, warmup=WARMUP, requests=REQUESTS):
    """One row per {label: url} of `pages`, in order; the first page is the floor the others are compared to.

    Timed requests go round the pages in turn rather than page after page, so that a burst of load on a shared
    machine falls on every page alike and the ratio to the floor stays meaningful.
    """
    client = Client()
    counts = {label: count_queries(client, label, url, warmup) for label, url in pages.items()}
    timings = {label: [] for label in pages}
    for _ in range(requests):
        for label, url in pages.items():
            started = time.perf_counter()
            fetch(client, label, url)
            timings[label].append((time.perf_counter() - started) * 1000)
    rows = [
        {
            "label": label,
            "url": url,
            "queries": max(counts[label]),
            "queries_vary": min(counts[label]) != max(counts[label]),
            "median_ms": statistics.median(timings[label]),
            "p95_ms": percentile_95(timings[label]),
            "requests": requests,
        }
        for label, url in pages.items()
    ]
    floor = rows[0]["median_ms"]
    for row in rows:
        row["floor_ratio"] = row["median_ms"] / floor
    return rows


def combine(scales):
    """{scale: rows} -> {label: {"url", scale: figures..., "large_small": ratio of medians}} for the JSON file."""
    pages = {}
    for scale, rows in scales.items():
        for row in rows:
            entry = pages.setdefault(row["label"], {"url": row["url"]})
            entry[scale] = {
                "queries": row["queries"],
                "queries_vary": row["queries_vary"],
                **{key: round(row[key], 3) for key in ("median_ms", "p95_ms", "floor_ratio")},
            }
    for entry in pages.values():
        if "small" in entry and "large" in entry:
            entry["large_small"] = round(entry["large"]["median_ms"] / entry["small"]["median_ms"], 3)
    return pages


def format_cells(label, entry):
    small, large = entry.get("small", {}), entry.get("large", {})

    def pair(key, template):
        return "/".join(template.format(side[key]) if key in side else "-" for side in (small, large))

    return [
        label,
        pair("queries", "{}"),
        pair("median_ms", "{:.1f}"),
        pair("p95_ms", "{:.1f}"),
        pair("floor_ratio", "{:.1f}"),
        f"{entry['large_small']:.2f}" if entry.get("large_small") else "-",
    ]


def format_table(pages):
    """Text table: queries, median and p95 ms, ratio to the floor at both scales (S/L), and large/small medians."""
    header = ["page", "queries S/L", "median ms S/L", "p95 ms S/L", "x floor S/L", "L/S median"]
    rows = [header, *(format_cells(label, entry) for label, entry in pages.items())]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = [
        "  ".join(
            cell.ljust(width) if column == 0 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)
