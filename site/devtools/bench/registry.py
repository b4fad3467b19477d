"""What the benchmark seeds and measures; each module in `portal.devtools.bench.capabilities` adds its part here.

A capability registers (a) a seeding step: `seed(count, progress)` makes sure `count` objects of its kind exist,
adding only the missing ones, and returns how many it added (`progress(total)` gives a tqdm-like bar with
`update(n)`, usable as a context manager); and (b) a URL provider: a function returning {page type label: url} for
the public pages it wants timed. Steps run in `order` (centers before the materials inside them); URL providers are
called after seeding, in `order`, and their labels are the rows of the table.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

_seed_steps = {}
_url_providers = {}
_search_providers = {}
_admin_providers = {}


@dataclass(frozen=True)
class SeedStep:
    name: str  # the option of seed_bench (--centers) and the key of a scale (centers=10)
    seed: Callable
    help: str
    # The small scale fills what every page shows (30 centers, 20 materials and news per section, 20 practices,
    # 30 communities, 2,000 events: a calendar month at its 3-a-day cap, an iCal feed at its 300 cap), so both scales
    # render as much and the check measures what the data behind a page costs, not a longer page.
    small: int  # count at the small scale of run_bench
    large: int  # count at the large scale of run_bench
    order: int


@dataclass(frozen=True)
class UrlProvider:
    name: str
    urls: Callable
    order: int


def seed_step(name, *, help, small, large, order):
    """Decorator: `seed(count, progress)` is the seeding step for `name` (seed_bench --<name> N)."""

    def register(seed):
        _seed_steps[name] = SeedStep(name, seed, help, small, large, order)
        return seed

    return register


def measured_pages(*, order):
    """Decorator: `urls()` returns {label: url} of public pages to time, read after seeding."""

    def register(urls):
        _url_providers[f"{urls.__module__}.{urls.__qualname__}"] = UrlProvider(urls.__qualname__, urls, order)
        return urls

    return register


def measured_searches(*, order):
    """Decorator: `urls()` returns {label: url} of library searches to time, each also against its main SQL query
    run directly (the floor of a search); read after seeding, shown in a table of their own."""

    def register(urls):
        _search_providers[f"{urls.__module__}.{urls.__qualname__}"] = UrlProvider(
            urls.__qualname__, urls, order
        )
        return urls

    return register


def measured_admin_screens(*, order):
    """Decorator: `urls()` returns {label: (username, url)} of admin screens to time as that user, read after
    seeding; the first label of the lowest order is their floor, and they have a table of their own."""

    def register(urls):
        _admin_providers[f"{urls.__module__}.{urls.__qualname__}"] = UrlProvider(
            urls.__qualname__, urls, order
        )
        return urls

    return register


def discover():
    """Import every module of `portal.devtools.bench.capabilities` so that their decorators run."""
    from . import capabilities

    for module in pkgutil.iter_modules(capabilities.__path__):
        importlib.import_module(f"{capabilities.__name__}.{module.name}")


def seed_steps():
    discover()
    return sorted(_seed_steps.values(), key=lambda step: (step.order, step.name))


def pages_to_measure():
    """{label: url} of every registered provider, in provider order."""
    discover()
    pages = {}
    for provider in sorted(_url_providers.values(), key=lambda provider: (provider.order, provider.name)):
        for label, url in provider.urls().items():
            if label in pages:
                raise ValueError(f"Two bench URL providers use the label {label!r}.")
            pages[label] = url
    return pages


def admin_screens_to_measure():
    """{label: (username, url)} of every registered admin screen provider, in provider order."""
    discover()
    screens = {}
    for provider in sorted(_admin_providers.values(), key=lambda provider: (provider.order, provider.name)):
        for label, target in provider.urls().items():
            if label in screens:
                raise ValueError(f"Two bench admin providers use the label {label!r}.")
            screens[label] = target
    return screens


def searches_to_measure():
    """{label: url} of every registered search provider, in provider order."""
    discover()
    searches = {}
    for provider in sorted(_search_providers.values(), key=lambda provider: (provider.order, provider.name)):
        for label, url in provider.urls().items():
            if label in searches:
                raise ValueError(f"Two bench search providers use the label {label!r}.")
            searches[label] = url
    return searches
