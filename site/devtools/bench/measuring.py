"""Timing public pages in one process with Django's test client: warm-up, query count, then timed requests."""

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

WARMUP = 5
REQUESTS = 30
COUNTED = 3  # requests whose queries are counted, apart from the timed ones so that counting costs no time
MAX_LARGE_SMALL = 1.5  # issue 9: a page's median at the large scale is at most this times the small one's
MAX_FLOOR_RATIO = 4.0  # issue 20: a public page's median is at most this times the floor's, at both scales


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


def logged_in_client(username):
    """A test client, logged in as `username` (an admin screen's user) unless None, on the active database."""
    client = Client()
    if username:
        from django.contrib.auth import get_user_model

        client.force_login(get_user_model().objects.get(username=username))
    return client


def percentile_95(timings):
    return statistics.quantiles(timings, n=20, method="inclusive")[18]


def measure_pages(pages, warmup=WARMUP, requests=REQUESTS):
    """One row per {label: url} of `pages`, in order; the first page is the floor the others are compared to."""
    return measure_scales({None: pages}, lambda scale: None, warmup, requests)[None]


def measure_scales(scales, activate, warmup=WARMUP, requests=REQUESTS):
    """{scale: {label: url}} -> {scale: rows}; `activate(scale)` points the database (and caches) at a scale.

    Timed requests go round the pages in turn rather than page after page, and round the scales too (in turns
    that alternate their order), so that a burst of load on a shared machine falls on every page and both scales
    alike: the ratio to the floor and the ratio large/small stay meaningful even when the timings do not.
    """
    clients = {}

    def client_for(scale, target):
        """An anonymous client per scale for a URL; for (username, url) one logged in as that user."""
        username = target[0] if isinstance(target, tuple) else None
        if (scale, username) not in clients:
            clients[scale, username] = logged_in_client(username)
        return clients[scale, username], (target[1] if username else target)

    counts = {}
    for scale, pages in scales.items():
        activate(scale)
        counts[scale] = {}
        for label, target in pages.items():
            client, url = client_for(scale, target)
            counts[scale][label] = count_queries(client, label, url, warmup)
    timings = {scale: {label: [] for label in pages} for scale, pages in scales.items()}
    order = list(scales)
    for turn in range(requests):
        for scale in order if turn % 2 == 0 else reversed(order):
            activate(scale)
            for label, target in scales[scale].items():
                client, url = client_for(scale, target)
                started = time.perf_counter()
                fetch(client, label, url)
                timings[scale][label].append((time.perf_counter() - started) * 1000)
    results = {}
    for scale, pages in scales.items():
        rows = [
            {
                "label": label,
                "url": target[1] if isinstance(target, tuple) else target,
                "queries": max(counts[scale][label]),
                "queries_vary": min(counts[scale][label]) != max(counts[scale][label]),
                "median_ms": statistics.median(timings[scale][label]),
                "p95_ms": percentile_95(timings[scale][label]),
                "requests": requests,
            }
            for label, target in pages.items()
        ]
        floor = rows[0]["median_ms"]
        for row in rows:
            row["floor_ratio"] = row["median_ms"] / floor
        results[scale] = rows
    return results


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


def check(pages, max_ratio=MAX_LARGE_SMALL, max_floor=None):
    """Issue 9's rule for every page measured at both scales: the same queries, a median at most `max_ratio` x;
    with `max_floor` (issue 20, public pages), also a median at most that many times the floor's at each scale.

    Sets entry["check"] to "OK" or "FAIL" and entry["problems"] to the reasons; returns the labels that failed.
    """
    failed = []
    for label, entry in pages.items():
        if "large_small" not in entry:
            continue
        small, large = entry["small"], entry["large"]
        problems = []
        if large["queries"] != small["queries"]:
            problems.append(f"queries {small['queries']} -> {large['queries']}")
        if small["queries_vary"] or large["queries_vary"]:
            problems.append("query count varies between requests")
        if entry["large_small"] > max_ratio:
            problems.append(f"median x{entry['large_small']:.2f} > x{max_ratio}")
        for scale, figures in (("small", small), ("large", large)):
            if max_floor is not None and figures["floor_ratio"] > max_floor:
                problems.append(f"{scale} x{figures['floor_ratio']:.1f} floor > x{max_floor:g}")
        entry["check"] = "FAIL" if problems else "OK"
        entry["problems"] = problems
        if problems:
            failed.append(label)
    return failed


def summary(pages, failed, max_ratio=MAX_LARGE_SMALL, max_floor=None):
    checked = sum("check" in entry for entry in pages.values())
    if not failed:
        within_floor = f" and x{max_floor:g} of the floor" if max_floor is not None else ""
        return (
            f"OK: all {checked} pages keep their query count and stay within x{max_ratio} of the small median"
            f"{within_floor}."
        )
    return f"FAIL: {len(failed)} of {checked} pages: " + "; ".join(
        f"{label} ({', '.join(pages[label]['problems'])})" for label in failed
    )


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
        entry.get("check", "-"),
    ]


def format_table(pages):
    """Text table: queries, median and p95 ms, ratio to the floor at both scales (S/L), large/small medians, check."""
    header = ["page", "queries S/L", "median ms S/L", "p95 ms S/L", "x floor S/L", "L/S median", "check"]
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
