"""Load test against a running site on this machine (`make serve`): anonymous browsing, bounded in time.

    .venv/bin/python tools/loadtest.py --duration 60 --concurrency 8

It finds the pages to browse in /sitemap.xml (the home page, the directory, a center page, and the library,
calendar and material pages once they exist), requests them from several threads for the given duration and prints
requests per second, p50/p95/p99 latency per page and overall, and the count of 5xx answers and failed connections.
It sends X-Forwarded-Proto: https as nginx does, so production settings answer without redirecting to HTTPS.
Only loopback addresses are accepted. Exit status 1 when any request failed or got a 5xx.
"""

import argparse
import ipaddress
import random
import re
import socket
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from urllib.parse import urlsplit

# Which sitemap paths to browse, by the first matching pattern; a label appears once in the mix.
PAGE_KINDS = [
    ("home", re.compile(r"^/$")),
    ("directory", re.compile(r"^/centers/$")),
    ("material", re.compile(r"^/centers/[^/]+/materials?/[^/]+/$")),
    ("event", re.compile(r"^/centers/[^/]+/events/[^/]+/$")),
    ("center", re.compile(r"^/centers/[^/]+/$")),
    ("library", re.compile(r"^/(library|biblioteka)/$")),
    ("calendar", re.compile(r"^/(calendar|kalendar)/$")),
]
EXTRA_QUERIES = {"library": "?q=методические+рекомендации"}


def refuse_unless_loopback(base):
    host = urlsplit(base).hostname or ""
    addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    if not addresses or not all(ipaddress.ip_address(address).is_loopback for address in addresses):
        sys.exit(f"{base} is not a loopback address; this tool only loads a site on this machine.")


def fetch(url, timeout=30):
    request = urllib.request.Request(
        url, headers={"X-Forwarded-Proto": "https", "User-Agent": "portal-loadtest"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        error.read()
        return error.code


def pages_from_sitemap(base):
    request = urllib.request.Request(base + "/sitemap.xml", headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=30) as response:
        xml = response.read().decode()
    paths = [urlsplit(location).path for location in re.findall(r"<loc>([^<]+)</loc>", xml)]
    chosen = {}
    for path in paths:
        for kind, pattern in PAGE_KINDS:
            if pattern.match(path):
                chosen.setdefault(kind, path + EXTRA_QUERIES.get(kind, ""))
                break
    return chosen


def browse(base, pages, deadline, results, lock):
    kinds = list(pages)
    local = []
    while time.monotonic() < deadline:
        kind = random.choice(kinds)
        started = time.perf_counter()
        try:
            status = fetch(base + pages[kind])
        except OSError:
            status = "error"
        local.append((kind, status, time.perf_counter() - started, time.monotonic()))
    with lock:
        results.extend(local)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def is_failure(status):
    return status == "error" or status >= 500


def report(results, elapsed, pages, started):
    by_kind = defaultdict(list)
    for kind, _, seconds, _ in results:
        by_kind[kind].append(seconds * 1000)
    statuses = Counter(status for _, status, _, _ in results)
    server_errors = sum(
        count for status, count in statuses.items() if isinstance(status, int) and status >= 500
    )
    failures = statuses.get("error", 0)
    print(f"{'page':<10} {'path':<45} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    everything = []
    for kind, times in sorted(by_kind.items()):
        everything += times
        print(
            f"{kind:<10} {pages[kind][:45]:<45} {len(times):>8} {statistics.median(times):>8.1f} "
            f"{percentile(times, 0.95):>8.1f} {percentile(times, 0.99):>8.1f}"
        )
    print(
        f"{'all':<10} {'':<45} {len(everything):>8} {statistics.median(everything):>8.1f} "
        f"{percentile(everything, 0.95):>8.1f} {percentile(everything, 0.99):>8.1f}"
    )
    print(f"{len(results) / elapsed:.1f} requests/s over {elapsed:.1f} s; statuses {dict(statuses)}")
    print(f"5xx: {server_errors}; failed connections: {failures}")
    failed_at = sorted(finished - started for _, status, _, finished in results if is_failure(status))
    if failed_at:
        # When the failures happened: a database restart should show as one short window, then none.
        print(f"failures between {failed_at[0]:.1f} s and {failed_at[-1]:.1f} s after the start")
    return server_errors + failures


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--duration", type=float, default=60, help="seconds (at most 600)")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--path", action="append", default=[], help="an extra path to browse, e.g. /calendar/"
    )
    arguments = parser.parse_args()
    base = arguments.base.rstrip("/")
    refuse_unless_loopback(base)
    duration = min(arguments.duration, 600)
    pages = pages_from_sitemap(base)
    for number, path in enumerate(arguments.path, start=1):
        pages[f"extra{number}"] = path
    print(f"Browsing {len(pages)} pages with {arguments.concurrency} threads for {duration:.0f} s: {pages}")
    results, lock = [], threading.Lock()
    deadline = time.monotonic() + duration
    started = time.monotonic()
    threads = [
        threading.Thread(target=browse, args=(base, pages, deadline, results, lock))
        for _ in range(arguments.concurrency)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return 1 if report(results, time.monotonic() - started, pages, started) else 0


if __name__ == "__main__":
    sys.exit(main())
