"""Requests per second of a cached page and of a static file, in the same run, with wrk (Debian: apt-get install wrk).

    .venv/bin/python tools/throughput.py --base http://127.0.0.1:8000 --static-base http://127.0.0.1:8080

The page must come from the page cache (X-Wagtail-Cache: hit, checked first). The static file is the site's
stylesheet named in the page, from --static-base (nginx in front, as in docs/nginx.conf) or else from the site itself
(whitenoise). Rounds alternate page and file, so that other load on the machine falls on both alike; the ratio
page/file is the figure that travels between machines. With --server-pgid (the process group of `make serve`, e.g.
`ps -o pgid= -p <gunicorn master pid>`) it also gives the server's CPU milliseconds per request, which a busy
machine distorts far less than requests per second. Loopback only.
"""

import argparse
import ipaddress
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import urllib.request
from urllib.parse import urljoin, urlsplit

HEADERS = {"X-Forwarded-Proto": "https", "User-Agent": "portal-throughput"}


def refuse_unless_loopback(url):
    host = urlsplit(url).hostname or ""
    addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    if not addresses or not all(ipaddress.ip_address(address).is_loopback for address in addresses):
        sys.exit(f"{url} is not a loopback address; this tool only loads a site on this machine.")


def get(url):
    with urllib.request.urlopen(urllib.request.Request(url, headers=HEADERS), timeout=30) as response:
        return response.headers, response.read().decode("utf-8", "replace")


def cached_page_and_stylesheet(page_url):
    """Asks twice (the first may store it), insists on a hit; returns the stylesheet path the page links."""
    get(page_url)
    headers, html = get(page_url)
    if headers.get("X-Wagtail-Cache") != "hit":
        sys.exit(
            f"{page_url} is not served from the page cache (X-Wagtail-Cache: {headers.get('X-Wagtail-Cache')})"
        )
    stylesheet = re.search(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    return stylesheet.group(1) if stylesheet else None


def cpu_ticks(pgid):
    """User + system clock ticks of every process in the group (gunicorn's master and workers)."""
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])
    return total


def wrk(url, arguments):
    """(requests per second, requests) of one wrk run."""
    command = ["wrk", f"-t{arguments.threads}", f"-c{arguments.connections}", f"-d{arguments.seconds}s"]
    command += [item for name, value in HEADERS.items() for item in ("-H", f"{name}: {value}")]
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return rate, int(re.search(r"(\d+) requests in", output).group(1))


def measure(targets, arguments):
    """Alternating rounds; {label: [(requests/s, CPU ms per request or None)]}."""
    figures = {label: [] for label in targets}
    for _ in range(arguments.rounds):
        for label, (url, pgid) in targets.items():
            before = cpu_ticks(pgid) if pgid else None
            rate, count = wrk(url, arguments)
            cpu = (cpu_ticks(pgid) - before) * 1000 / os.sysconf("SC_CLK_TCK") / count if pgid else None
            figures[label].append((rate, cpu))
    return figures


def parse_arguments():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base", default="http://127.0.0.1:8000", help="the site (make serve)")
    parser.add_argument("--page", default="/", help="the cached page to load")
    parser.add_argument("--static-base", help="where the static file comes from (nginx); default: --base")
    parser.add_argument("--static", help="the static file's path; default: the stylesheet the page links")
    parser.add_argument("--seconds", type=int, default=10, help="per run (at most 60)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument(
        "--server-pgid", type=int, help="process group of the site's server, for CPU per request"
    )
    parser.add_argument("--min-ratio", type=float, help="fail below this page/file ratio, e.g. 0.08")
    return parser.parse_args()


def main():
    arguments = parse_arguments()
    arguments.seconds = min(arguments.seconds, 60)
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (Debian: apt-get install wrk).")
    base = arguments.base.rstrip("/")
    static_base = (arguments.static_base or base).rstrip("/")
    for url in (base, static_base):
        refuse_unless_loopback(url)
    page_url = base + arguments.page
    static_path = arguments.static or cached_page_and_stylesheet(page_url)
    if arguments.static:
        cached_page_and_stylesheet(page_url)
    if not static_path:
        sys.exit("The page links no stylesheet: give --static.")
    targets = {
        "page": (page_url, arguments.server_pgid),
        "static file": (urljoin(static_base + "/", static_path), None),
    }
    figures = measure(targets, arguments)
    medians = {label: statistics.median(rate for rate, _ in runs) for label, runs in figures.items()}
    for label, runs in figures.items():
        rates = " ".join(f"{rate:9.0f}" for rate, _ in runs)
        cpu = [value for _, value in runs if value is not None]
        cpu_text = f"  server CPU {statistics.median(cpu):.3f} ms/request" if cpu else ""
        print(
            f"{label:<12} {targets[label][0][:60]:<60} requests/s {rates}  median {medians[label]:.0f}{cpu_text}"
        )
    ratio = medians["page"] / medians["static file"]
    print(f"page / static file: {ratio:.1%}")
    if arguments.min_ratio is not None and ratio < arguments.min_ratio:
        print(f"FAILED: below {arguments.min_ratio:.0%}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
