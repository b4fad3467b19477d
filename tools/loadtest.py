"""Load test against a running site on this machine (`make serve`): anonymous browsing and registrations, bounded.

    .venv/bin/python tools/loadtest.py --duration 60 --concurrency 8 --registrations 4

Browsing: it finds the pages in /sitemap.xml (the home page, the directory, a center page, and the library,
calendar, material and event pages once they exist) and requests them from --concurrency threads.

Registrations (--registrations N threads): unless --event-url is given, it runs `manage.py prepare_loadtest_event
--capacity C` (same environment, so the same DATABASE_URL; with the dev settings if it names the production
ones, which leave that command out) to get a fresh published event with C seats and no
registrations. Each attempt is a new visitor, as in a browser: GET the event page (served from the page cache
between registrations), GET its form page (<event>/register/), take the csrftoken cookie and the form's hidden
fields, POST the form with a unique e-mail, follow the redirect to the result page and read what it says; every
--duplicate-every-th attempt re-sends an e-mail that already succeeded (in other letter case): it must be told what
its registration got, as a new one is, and take no second row. Afterwards `prepare_loadtest_event --report` lists the
rows and the run fails unless: confirmed == min(capacity, rows), no e-mail twice, every row complete, waiting-list
numbers 1..n without gaps, every success the client was shown (duplicates too) is a row with that status.

--restart-db-at S runs --restart-command (default `pg_ctlcluster 15 main restart`) S seconds into the run. 503s are
then expected (the site's "database unavailable" page); 500s are not, and the failures must end within
--recovery-seconds of the restart.

--publish-every S starts a publisher (`manage.py loadtest_publisher`, one process for the whole run) that republishes
a random material every S seconds, purging what shows it from the page cache the site's workers share (give it the
site's PAGE_CACHE_LOCATION). --every-page browses every page of the site map instead of one of each kind. Every page
is requested once before the clock starts; the report gives the page cache's hit ratio (hits / (hits + misses)),
and --min-hit-ratio 0.9 fails the run below 90 %.

It sends X-Forwarded-Proto: https as nginx does, so production settings answer without redirecting to HTTPS.
Only loopback addresses are accepted. Prints requests per second, p50/p95/p99 per page kind and overall, and the
registration counts. Exit status 1 on any 5xx (other than 503 while the database restarts), failed connection or
registration mismatch.
"""

import argparse
import ipaddress
import json
import os
import random
import re
import shlex
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode, urljoin, urlsplit

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
MANAGE = (
    f"{shlex.quote(sys.executable)} {shlex.quote(str(Path(__file__).resolve().parent.parent / 'manage.py'))}"
)
PRODUCTION_SETTINGS, DEV_SETTINGS = "portal.settings.production", "portal.settings.dev"

# What a registration got, read from the pages (attributes and ids, not the Russian wording).
CONFIRMED, WAITLISTED, DUPLICATE = "confirmed", "waitlisted", "duplicate"
SUCCESSES = (CONFIRMED, WAITLISTED)
# Where an event's registration form lives, below the event page (EventPage's "register" route).
FORM_SUBPATH = "register/"


def refuse_unless_loopback(base):
    host = urlsplit(base).hostname or ""
    addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    if not addresses or not all(ipaddress.ip_address(address).is_loopback for address in addresses):
        sys.exit(f"{base} is not a loopback address; this tool only loads a site on this machine.")


class KeepRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is the answer itself (a registration's POST/redirect/GET is followed by the caller)."""

    def redirect_request(self, *args, **kwargs):
        return None


WITHOUT_REDIRECTS = urllib.request.build_opener(KeepRedirects)


def request(url, data=None, headers=None, timeout=30, follow=True):
    """(status, headers, body text); an HTTP error is an answer too, and so is a redirect unless `follow`."""
    headers = {"X-Forwarded-Proto": "https", "User-Agent": "portal-loadtest", **(headers or {})}
    # Cyrillic in a path or query (a search, a center's slug) goes out percent-encoded; encoded parts stay as they are.
    req = urllib.request.Request(quote(url, safe=":/?=&+%#"), data=data, headers=headers)
    opener = urllib.request.urlopen if follow else WITHOUT_REDIRECTS.open
    try:
        with opener(req, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")


def pages_from_sitemap(base, every_page=False):
    """{kind: path}, one page of each kind; with `every_page`, {kind: [paths]} with every page of the site map (the
    others under "other"), so that a publish's purge meets a realistic spread of cached pages."""
    _, _, xml = request(base + "/sitemap.xml")
    paths = [urlsplit(location).path for location in re.findall(r"<loc>([^<]+)</loc>", xml)]
    chosen = {}
    for path in paths:
        kind = next((kind for kind, pattern in PAGE_KINDS if pattern.match(path)), "other")
        if every_page:
            chosen.setdefault(kind, []).append(path)
        elif kind != "other":
            chosen.setdefault(kind, path + EXTRA_QUERIES.get(kind, ""))
    return chosen


# Registrations ---------------------------------------------------------------------------------------------------


class PostFormFields(HTMLParser):
    """The hidden inputs of the page's POST form (the CSRF token, the meeting)."""

    def __init__(self):
        super().__init__()
        self.in_post_form = False
        self.hidden = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.in_post_form = True
        elif tag == "input" and self.in_post_form and attrs.get("type") == "hidden" and attrs.get("name"):
            self.hidden[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_post_form = False


def hidden_fields(html):
    parser = PostFormFields()
    parser.feed(html)
    return parser.hidden


def csrf_cookie(headers):
    for header in headers.get_all("Set-Cookie") or []:
        match = re.match(r"\s*csrftoken=([^;]+)", header)
        if match:
            return match.group(1)
    return None


def outcome_of(status, html):
    """What the visitor was told: the result page after the redirect, or the form again with its errors."""
    if status == 200 and 'data-status="confirmed"' in html:
        return CONFIRMED
    if status == 200 and 'data-status="waitlisted"' in html:
        return WAITLISTED
    if status == 400 and 'id="id_email_error"' in html:
        return DUPLICATE
    return f"http {status}"


def register_once(base, event_path, form_path, email, number):
    """One visitor: the event page, the form page, the POST, the result page. Returns [(kind, status, seconds)] and
    the outcome."""
    timings = []

    def timed(kind, url, **options):
        started = time.perf_counter()
        answer = request(url, **options)
        timings.append((kind, answer[0], time.perf_counter() - started))
        return answer

    status, _, _ = timed("event-page", base + event_path)
    if status != 200:
        return timings, f"no event page (http {status})"
    status, headers, html = timed("event-form", base + form_path)
    token, fields = csrf_cookie(headers), hidden_fields(html)
    if status != 200 or not token or "csrfmiddlewaretoken" not in fields:
        return timings, f"no form (http {status})"
    fields.update(
        full_name=f"Участник нагрузочного теста {number}",
        position="учитель",
        organization="СОШ № 1",
        email=email,
        phone="",
        consent="on",
    )
    host = urlsplit(base).netloc
    status, headers, html = timed(
        "register",
        base + form_path,
        data=urlencode(fields).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={token}",
            # Django checks the Referer of HTTPS form posts; the site sees https through X-Forwarded-Proto.
            "Referer": f"https://{host}{form_path}",
            # Each attempt is a visitor of its own (benchmark addresses, 198.18.0.0/15), as nginx would pass it on
            # (`make serve` trusts one proxy): the per-address limit on registrations counts visitors, not this script.
            "X-Forwarded-For": f"198.18.{number // 250 % 256}.{number % 250 + 1}",
        },
        follow=False,
    )
    if status in (302, 303) and headers.get("Location"):
        status, _, html = timed("register-done", urljoin(base + form_path, headers["Location"]))
    elif status == 200:  # a success must redirect (POST/redirect/GET): a page straight from the POST is wrong
        return timings, "http 200 without redirect"
    return timings, outcome_of(status, html)


class Registrations:
    """Shared by the registering threads: a budget of attempts, the e-mails that succeeded, what each attempt got."""

    def __init__(self, event_path, max_attempts, duplicate_every, run_id, form_path=None):
        self.event_path, self.max_attempts, self.duplicate_every, self.run_id = (
            event_path,
            max_attempts,
            duplicate_every,
            run_id,
        )
        self.form_path = form_path or event_path.rstrip("/") + "/" + FORM_SUBPATH
        self.lock = threading.Lock()
        self.issued = 0
        self.succeeded = []
        self.attempts = []  # dicts: email, duplicate (bool), outcome, at

    def next_attempt(self):
        """(number, email, is_duplicate) or None when the budget is spent."""
        with self.lock:
            if self.issued >= self.max_attempts:
                return None
            self.issued += 1
            number = self.issued
            if self.duplicate_every and number % self.duplicate_every == 0 and self.succeeded:
                return number, random.choice(self.succeeded).upper(), True
            return number, f"lt{self.run_id}-{number}@example.ru", False

    def record(self, email, duplicate, outcome, at):
        with self.lock:
            self.attempts.append({"email": email, "duplicate": duplicate, "outcome": outcome, "at": at})
            if outcome in SUCCESSES and not duplicate:
                self.succeeded.append(email)


def verify_registrations(capacity, attempts, rows):
    """Compare what the clients were told with the rows in the database. Returns (summary, problems)."""
    problems = []
    active = [row for row in rows if row["status"] != "cancelled"]
    by_email = Counter(row["email"].lower() for row in active)
    twice = sorted(email for email, count in by_email.items() if count > 1)
    if twice:
        problems.append(f"e-mails registered more than once: {twice[:5]}")
    incomplete = [row["email"] for row in rows if not row["complete"]]
    if incomplete:
        problems.append(f"incomplete rows: {incomplete[:5]}")
    confirmed = sum(row["status"] == CONFIRMED for row in active)
    waiting = sorted(row["waitlist_position"] for row in active if row["status"] == WAITLISTED)
    expected_confirmed = len(active) if capacity is None else min(capacity, len(active))
    if confirmed != expected_confirmed:
        problems.append(f"{confirmed} confirmed, expected min(capacity {capacity}, {len(active)} rows)")
    if waiting != list(range(1, len(waiting) + 1)):
        problems.append(f"waiting-list numbers are not 1..{len(waiting)}: {waiting[:10]}")
    status_of = {row["email"].lower(): row["status"] for row in active}
    told = {
        a["email"].lower(): a["outcome"] for a in attempts if not a["duplicate"] and a["outcome"] in SUCCESSES
    }
    lost = sorted(email for email in told if email not in status_of)
    if lost:
        problems.append(f"{len(lost)} registrations the visitor was told about are missing: {lost[:5]}")
    changed = sorted(e for e, outcome in told.items() if e in status_of and status_of[e] != outcome)
    if changed:
        problems.append(f"rows whose status differs from what the visitor was told: {changed[:5]}")
    attempted = {a["email"].lower() for a in attempts}
    unknown = sorted(email for email in status_of if email not in attempted)
    if unknown:
        problems.append(f"rows nobody attempted: {unknown[:5]}")
    duplicates = [a for a in attempts if a["duplicate"]]
    told_otherwise = [
        a["email"] for a in duplicates if status_of.get(a["email"].lower()) != a["outcome"]
    ]  # told another status than the registration's, or not the result page a new registration gets
    if told_otherwise:
        problems.append(f"duplicate e-mails not answered as their registration: {told_otherwise[:5]}")
    refused_unique = [a["email"] for a in attempts if not a["duplicate"] and a["outcome"] == DUPLICATE]
    if refused_unique:
        problems.append(f"new e-mails refused as duplicates: {refused_unique[:5]}")
    outcomes = Counter(a["outcome"] for a in attempts if not a["duplicate"])
    # 5xx and broken connections are counted (and judged) with the other requests; anything else is wrong here.
    odd = {o: n for o, n in outcomes.items() if o not in SUCCESSES and not re.search(r"http 5\d\d|^error", o)}
    if odd:
        problems.append(f"unexpected answers to registrations: {odd}")
    summary = {
        "capacity": capacity,
        "attempted": len(attempts),
        "attempted_unique": sum(not a["duplicate"] for a in attempts),
        "told_confirmed": outcomes.get(CONFIRMED, 0),
        "told_waitlisted": outcomes.get(WAITLISTED, 0),
        "duplicates_sent": len(duplicates),
        "duplicates_answered_alike": sum(a["outcome"] in SUCCESSES for a in duplicates),
        "rows": len(rows),
        "rows_confirmed": confirmed,
        "rows_waitlisted": len(waiting),
        # The server wrote these but the visitor saw an error (e.g. the database went away after the commit).
        "rows_unacknowledged": sum(email not in told for email in status_of),
        "lost": len(lost),
    }
    return summary, problems


def manage_environment():
    """This environment (the same DATABASE_URL as the site), but never the production settings: the load test's
    event comes from the development app (portal.devtools), which they leave out, and the test runs on a test copy."""
    environment = dict(os.environ)
    if environment.get("DJANGO_SETTINGS_MODULE") == PRODUCTION_SETTINGS:
        environment["DJANGO_SETTINGS_MODULE"] = DEV_SETTINGS
    return environment


def manage(command, arguments):
    """Runs a management command with this environment (the same DATABASE_URL as the site) and parses its JSON."""
    output = subprocess.run(
        [*shlex.split(command), *arguments],
        check=True,
        capture_output=True,
        text=True,
        env=manage_environment(),
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


REGISTRATION_KINDS = ("event-page", "event-form", "register", "register-done")


# Threads and the report ------------------------------------------------------------------------------------------


CACHE_HEADER = "X-Wagtail-Cache"
cache_answers = (
    Counter()
)  # (page kind, the page cache's answer: hit, miss, skip...) over every browsing request


def browse(base, pages, deadline, results, lock):
    """Random pages, each as likely as the others, until the deadline."""
    choices = [
        (kind, path)
        for kind, paths in pages.items()
        for path in ([paths] if isinstance(paths, str) else paths)
    ]
    local, answers = [], Counter()
    while time.monotonic() < deadline:
        kind, path = random.choice(choices)
        started = time.perf_counter()
        try:
            status, headers, _ = request(base + path)
            answers[kind, headers.get(CACHE_HEADER) or "none"] += 1
        except OSError:
            status = "error"
        local.append((kind, status, time.perf_counter() - started, time.monotonic()))
    with lock:
        results.extend(local)
        cache_answers.update(answers)


def warm_up(base, pages):
    """Every page once before the clock starts: the hit ratio then shows what purges cost, not a cold start."""
    for paths in pages.values():
        for path in [paths] if isinstance(paths, str) else paths:
            try:
                request(base + path)
            except OSError:
                pass


def hit_ratio(answers):
    """Hits among the pages the cache may serve (hit or miss; forms and errors are never cached)."""
    hits = sum(count for (_, answer), count in answers.items() if answer == "hit")
    misses = sum(count for (_, answer), count in answers.items() if answer == "miss")
    return hits / (hits + misses) if hits + misses else None


def report_cache(answers, publisher, min_hit_ratio):
    """Prints the page cache's answers and hit ratio; returns 1 when the ratio is below --min-hit-ratio."""
    ratio = hit_ratio(answers)
    by_answer = Counter()
    for (_, answer), count in answers.items():
        by_answer[answer] += count
    published = f"; {publisher.get('published', 0)} publishes" if publisher is not None else ""
    shown = "n/a" if ratio is None else f"{ratio:.1%}"
    print(f"page cache: hit ratio {shown} ({dict(by_answer)}){published}")
    if min_hit_ratio is not None and (ratio is None or ratio < min_hit_ratio):
        print(f"FAIL: hit ratio below {min_hit_ratio:.0%}")
        return 1
    return 0


def start_publisher(arguments, duration):
    """One child process republishes a material every --publish-every seconds; returns once it is ready, so that its
    start-up falls before the clock starts."""
    command = [*shlex.split(arguments.manage), "loadtest_publisher", "--every", str(arguments.publish_every)]
    command += ["--duration", str(duration)] + (["--purge-everything"] if arguments.purge_everything else [])
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=manage_environment())
    if "ready" not in (process.stdout.readline() or ""):
        sys.exit(f"loadtest_publisher did not start (exit {process.wait()})")
    return process


def publisher_result(process):
    output, _ = process.communicate()
    if process.returncode:
        return {"published": 0, "error": f"exit {process.returncode}"}
    return json.loads(output.strip().splitlines()[-1])


def register(base, registrations, deadline, results, lock, pages):
    """Registers until the budget is spent, then browses like everyone else until the deadline."""
    local = []
    while time.monotonic() < deadline:
        attempt = registrations.next_attempt()
        if attempt is None:
            break
        number, email, duplicate = attempt
        try:
            timings, outcome = register_once(
                base, registrations.event_path, registrations.form_path, email, number
            )
        except OSError as error:
            timings, outcome = [("register", "error", 0.0)], f"error {type(error).__name__}"
        now = time.monotonic()
        local += [(kind, status, seconds, now) for kind, status, seconds in timings]
        registrations.record(email, duplicate, outcome, now)
    with lock:
        results.extend(local)
    if pages:
        browse(base, pages, deadline, results, lock)


def restart_database(command, at, started, record):
    time.sleep(max(0.0, started + at - time.monotonic()))
    record["began"] = time.monotonic() - started
    completed = subprocess.run(shlex.split(command), capture_output=True, text=True)
    record["ended"] = time.monotonic() - started
    record["returncode"] = completed.returncode
    record["output"] = (completed.stdout + completed.stderr).strip()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def is_failure(status):
    return status == "error" or status >= 500


def described(paths):
    return paths if isinstance(paths, str) else f"{len(paths)} pages"


def report(results, elapsed, pages, started, restart=None, recovery_seconds=15):
    """Prints the table; returns the number of failures that fail the run."""
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
            f"{kind:<10} {described(pages.get(kind, ''))[:45]:<45} {len(times):>8} {statistics.median(times):>8.1f} "
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
    if restart is None:
        return server_errors + failures
    # A database restart: 503 (the site's "database unavailable" page) is the expected answer; nothing else is.
    print(
        f"database restart: began at {restart['began']:.1f} s, command took {restart['ended'] - restart['began']:.1f} s "
        f"(exit {restart['returncode']}); 503s: {statuses.get(503, 0)}"
    )
    if failed_at:
        print(f"site answered again {failed_at[-1] - restart['began']:.1f} s after the restart began")
    bad = server_errors - statuses.get(503, 0) + failures + (restart["returncode"] != 0)
    if failed_at and failed_at[-1] > restart["ended"] + recovery_seconds:
        print(f"FAIL: failures went on more than {recovery_seconds} s after the database was back")
        bad += 1
    return bad


def parse_arguments():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--duration", type=float, default=60, help="seconds (at most 600)")
    parser.add_argument("--concurrency", type=int, default=8, help="browsing threads")
    parser.add_argument(
        "--path", action="append", default=[], help="an extra path to browse, e.g. /calendar/"
    )
    parser.add_argument("--registrations", type=int, default=0, help="registering threads")
    parser.add_argument("--event-url", help="the event to register for (default: prepare_loadtest_event)")
    parser.add_argument("--capacity", type=int, default=50, help="seats of the prepared event")
    parser.add_argument("--max-attempts", type=int, default=400, help="registration attempts in all")
    parser.add_argument(
        "--duplicate-every", type=int, default=5, help="every n-th attempt re-sends an e-mail"
    )
    parser.add_argument(
        "--manage", default=MANAGE, help="how to run manage.py (same environment as the site)"
    )
    parser.add_argument("--restart-db-at", type=float, help="restart the database this many seconds in")
    parser.add_argument("--restart-command", default="pg_ctlcluster 15 main restart")
    parser.add_argument("--recovery-seconds", type=float, default=15)
    parser.add_argument(
        "--publish-every",
        type=float,
        help="republish a material every this many seconds (loadtest_publisher)",
    )
    parser.add_argument(
        "--purge-everything", action="store_true", help="the publisher empties the whole cache (to compare)"
    )
    parser.add_argument("--every-page", action="store_true", help="browse every page of the site map")
    parser.add_argument("--min-hit-ratio", type=float, help="fail below this page-cache hit ratio, e.g. 0.9")
    return parser.parse_args()


def main():
    arguments = parse_arguments()
    base = arguments.base.rstrip("/")
    refuse_unless_loopback(base)
    duration = min(arguments.duration, 600)
    pages = pages_from_sitemap(base, arguments.every_page)
    for number, path in enumerate(arguments.path, start=1):
        pages[f"extra{number}"] = path
    registrations = None
    if arguments.registrations:
        event = {"url": arguments.event_url, "capacity": None}
        if not arguments.event_url:
            event = manage(
                arguments.manage, ["prepare_loadtest_event", "--capacity", str(arguments.capacity)]
            )
        registrations = Registrations(
            event["url"],
            arguments.max_attempts,
            arguments.duplicate_every,
            run_id=int(time.time()),
            form_path=event.get("register_url"),
        )
        pages["event-page"] = registrations.event_path
        pages["event-form"] = pages["register"] = registrations.form_path
        pages["register-done"] = registrations.form_path + "done/"
    browse_pages = {k: v for k, v in pages.items() if k not in REGISTRATION_KINDS}
    listed = {kind: described(paths) for kind, paths in pages.items()}
    print(
        f"Browsing {sum(1 if isinstance(p, str) else len(p) for p in browse_pages.values())} pages with "
        f"{arguments.concurrency} threads"
        f"{f', registering with {arguments.registrations}' if registrations else ''} for {duration:.0f} s: {listed}"
    )
    warm_up(base, browse_pages)
    publisher_process = start_publisher(arguments, duration) if arguments.publish_every else None
    results, lock = [], threading.Lock()
    started = time.monotonic()
    deadline = started + duration
    threads = [
        threading.Thread(target=browse, args=(base, browse_pages, deadline, results, lock))
        for _ in range(arguments.concurrency)
    ]
    threads += [
        threading.Thread(target=register, args=(base, registrations, deadline, results, lock, browse_pages))
        for _ in range(arguments.registrations)
    ]
    restart = None
    if arguments.restart_db_at is not None:
        restart = {}
        threads.append(
            threading.Thread(
                target=restart_database,
                args=(arguments.restart_command, arguments.restart_db_at, started, restart),
            )
        )
    publisher = None
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if publisher_process is not None:  # it stops by itself at the deadline
        publisher = publisher_result(publisher_process)
    bad = report(results, elapsed, pages, started, restart, arguments.recovery_seconds)
    bad += report_cache(cache_answers, publisher, arguments.min_hit_ratio)
    if registrations:
        bad += check_registrations(arguments, registrations)
    print("FAILED" if bad else "OK")
    return 1 if bad else 0


def check_registrations(arguments, registrations):
    if arguments.event_url:
        print("registrations: --event-url given, so the database check is left out (capacity unknown)")
        return 0
    state = manage(arguments.manage, ["prepare_loadtest_event", "--report"])
    summary, problems = verify_registrations(
        state["capacity"], registrations.attempts, state["registrations"]
    )
    print("registrations: " + ", ".join(f"{key} {value}" for key, value in summary.items()))
    print("registration answers: " + json.dumps(Counter(a["outcome"] for a in registrations.attempts)))
    for problem in problems:
        print(f"FAIL: {problem}")
    if not problems:
        print("capacity exact, no duplicates, nothing lost, waiting list contiguous")
    return len(problems)


if __name__ == "__main__":
    sys.exit(main())
