import io
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page

from centers.models import CenterPage
from portal.devtools.bench.capabilities.centers import SLUG_PREFIX
from portal.devtools.bench.capabilities.site_tree import FLOOR
from portal.devtools.bench.measuring import check, combine, format_table, measure_pages, summary
from portal.devtools.bench.registry import pages_to_measure
from portal.devtools.management.commands.run_bench import scale_database

pytestmark = pytest.mark.django_db


def seed(**counts):
    call_command("seed_bench", verbosity=0, stdout=io.StringIO(), **counts)


def bench_centers():
    return CenterPage.objects.filter(slug__startswith=SLUG_PREFIX).order_by("path")


def test_seed_bench_tops_the_directory_up_to_the_requested_number_of_centers(directory):
    demo_centers = CenterPage.objects.child_of(directory).count()
    seed(centers=demo_centers + 3)
    assert CenterPage.objects.child_of(directory).count() == demo_centers + 3
    first_ids = set(bench_centers().values_list("pk", flat=True))
    assert len(first_ids) == 3

    seed(centers=demo_centers + 7)
    assert CenterPage.objects.child_of(directory).count() == demo_centers + 7
    assert set(bench_centers()[:3].values_list("pk", flat=True)) == first_ids
    assert bench_centers().count() == 7

    seed(centers=2)
    assert CenterPage.objects.child_of(directory).count() == demo_centers + 7


def test_seeded_centers_are_live_pages_that_answer_by_their_url(client, directory):
    seed(centers=CenterPage.objects.count() + 4)
    for center in bench_centers():
        assert center.live and not center.has_unpublished_changes
        assert center.url == f"{directory.url}{center.slug}/"
        response = client.get(center.url)
        assert response.status_code == 200
        assert center.title in response.text
        assert center.organization.full_name in response.text
        assert center.contacts.get().name in response.text


def test_seeded_centers_are_listed_in_the_directory_by_status(client, directory):
    seed(centers=CenterPage.objects.count() + 10)
    active = client.get(directory.url).text
    ended = client.get(f"{directory.url}?status=ended").text
    assert any(center.term_has_ended for center in bench_centers())
    for center in bench_centers():
        listed, other = (ended, active) if center.term_has_ended else (active, ended)
        assert center.title in listed
        assert center.title not in other


def test_bulk_seeding_keeps_the_page_tree_consistent(directory):
    seed(centers=CenterPage.objects.count() + 5)
    seed(centers=CenterPage.objects.count() + 5)
    assert Page.find_problems() == ([], [], [], [], [])
    directory.refresh_from_db()
    assert directory.numchild == directory.get_children().count() == CenterPage.objects.count()
    paths = list(directory.get_children().values_list("path", flat=True))
    assert len(set(paths)) == len(paths)


def test_seeded_center_opens_in_the_admin_editor(client, django_user_model):
    seed(centers=CenterPage.objects.count() + 1)
    center = bench_centers().get()
    client.force_login(django_user_model.objects.get(username="admin"))
    response = client.get(f"/admin/pages/{center.pk}/edit/")
    assert response.status_code == 200
    assert center.short_description in response.text


def test_seeded_centers_are_found_by_wagtail_search(directory):
    seed(centers=CenterPage.objects.count() + 2)
    found = {center.pk for center in CenterPage.objects.live().search("синтетический")}
    assert set(bench_centers().values_list("pk", flat=True)) <= found


def test_measuring_gives_queries_and_timings_for_the_floor_and_every_registered_page():
    seed(centers=CenterPage.objects.count() + 2)
    pages = pages_to_measure()
    assert next(iter(pages)) == FLOOR
    assert {"HomePage", "CenterIndexPage", "CenterIndexPage ?status=ended", "CenterPage"} <= set(pages)
    assert {"PlanPage", "QuestionIndexPage", "QuestionPage"} <= set(pages)
    rows = measure_pages(pages, warmup=1, requests=3)
    assert [row["label"] for row in rows] == list(pages)
    for row in rows:
        assert row["queries"] >= 0  # the RSS feeds, kept whole until a page changes, answer without a query
        assert 0 < row["median_ms"] <= row["p95_ms"]
    assert rows[0]["queries"] > 0
    assert rows[0]["floor_ratio"] == 1
    table = format_table(combine({"small": rows, "large": rows}))
    for label in pages:
        assert label in table


def test_run_bench_refuses_an_unknown_seeding_step():
    with pytest.raises(CommandError, match="centers"):
        call_command("run_bench", large=["planets=3"])


def test_bench_settings_ignore_database_url_so_the_demo_database_is_never_benched(tmp_path):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.bench",
        "DATABASE_URL": "postgres:///the_demo_database",
        "PORTAL_VAR_DIR": str(tmp_path),
    }
    environment.pop("BENCH_DATABASE_URL", None)
    script = "from django.conf import settings; print(settings.DATABASES['default']['NAME'], settings.DEBUG)"
    output = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    ).stdout
    assert output.split() == [str(tmp_path / "bench.sqlite3"), "False"]

    environment["BENCH_DATABASE_URL"] = "postgres:///portal_bench_elsewhere"
    output = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    ).stdout
    assert output.split() == ["portal_bench_elsewhere", "False"]


def test_search_bench_times_every_library_search_with_its_sql_floor_on_postgresql():
    from centers.models import MaterialPage
    from portal.devtools.bench.capabilities.search import QUERIES
    from portal.devtools.bench.registry import searches_to_measure
    from portal.devtools.bench.searching import combine_searches, format_search_table, measure_searches

    from .conftest import on_postgres

    seed(materials=MaterialPage.objects.count() + 40)
    searches = searches_to_measure()
    assert {f"«{query}»" for query in QUERIES} <= set(searches)
    assert any(label.endswith(" center") for label in searches)
    assert any(label.endswith(" subject+level") for label in searches)
    rows = measure_searches(searches, warmup=0, requests=2)
    assert [row["label"] for row in rows] == list(searches)
    for row in rows:
        assert row["queries"] > 0
        assert 0 < row["median_ms"] <= row["p95_ms"]
        assert 0 < row["first_median_ms"] <= row["first_p95_ms"]
        if on_postgres():
            # Every search with words matches them once, in the library's entries, every match in result order.
            assert "centers_libraryentry" in row["sql"] and "wagtailsearch_indexentry" not in row["sql"]
            assert "ts_headline" not in row["sql"]  # the matching, not the snippets
            assert row["sql_median_ms"] > 0
            assert row["sql_ratio"] == pytest.approx(row["median_ms"] / row["sql_median_ms"])
        elif not on_postgres():
            assert row["sql_median_ms"] is None
    table = format_search_table(combine_searches({"small": rows}))
    for label in searches:
        assert label in table
    if not on_postgres():
        assert "SQL floor skipped" in table


def figures(queries, median, vary=False):
    return {
        "queries": queries,
        "queries_vary": vary,
        "median_ms": median,
        "p95_ms": median,
        "floor_ratio": 1.0,
    }


def test_the_scale_check_fails_a_page_whose_queries_grow_or_whose_median_exceeds_one_and_a_half_times():
    pages = {
        "same": {"url": "/a/", "small": figures(5, 10.0), "large": figures(5, 14.0)},
        "more queries": {"url": "/b/", "small": figures(5, 10.0), "large": figures(6, 10.0)},
        "slower": {"url": "/c/", "small": figures(5, 10.0), "large": figures(5, 16.0)},
        "varying": {"url": "/d/", "small": figures(5, 10.0, vary=True), "large": figures(5, 10.0)},
    }
    for entry in pages.values():
        entry["large_small"] = entry["large"]["median_ms"] / entry["small"]["median_ms"]
    failed = check(pages)
    assert failed == ["more queries", "slower", "varying"]
    assert [pages[label]["check"] for label in pages] == ["OK", "FAIL", "FAIL", "FAIL"]
    assert pages["more queries"]["problems"] == ["queries 5 -> 6"]
    line = summary(pages, failed)
    assert line.startswith("FAIL: 3 of 4 pages") and "slower (median x1.60 > x1.5)" in line
    assert "check" in format_table(pages).splitlines()[0]
    assert summary(pages, []).startswith("OK: all 4 pages")


def test_each_scale_has_a_database_of_its_own_named_after_the_configured_one():
    assert scale_database("/srv/var/bench.sqlite3", "large", "sqlite") == "/srv/var/bench-large.sqlite3"
    assert scale_database("portal_bench", "small", "postgresql") == "portal_bench_small"


def test_the_floor_check_fails_a_public_page_slower_than_four_times_the_bare_wagtail_page_at_either_scale():
    from portal.devtools.bench.measuring import MAX_FLOOR_RATIO

    pages = {
        "within": {"url": "/a/", "small": figures(5, 10.0), "large": figures(5, 10.0)},
        "slow when large": {"url": "/b/", "small": figures(5, 10.0), "large": figures(5, 10.0)},
        "slow when small": {"url": "/c/", "small": figures(5, 10.0), "large": figures(5, 10.0)},
    }
    pages["within"]["small"]["floor_ratio"] = pages["within"]["large"]["floor_ratio"] = 3.9
    pages["slow when large"]["large"]["floor_ratio"] = 4.4
    pages["slow when small"]["small"]["floor_ratio"] = 4.1
    for entry in pages.values():
        entry["large_small"] = 1.0
    assert MAX_FLOOR_RATIO == 4
    assert check(pages) == []  # without the floor rule (the admin screens' table) nothing fails
    failed = check(pages, max_floor=MAX_FLOOR_RATIO)
    assert failed == ["slow when large", "slow when small"]
    assert pages["slow when large"]["problems"] == ["large x4.4 floor > x4"]
    assert pages["slow when small"]["problems"] == ["small x4.1 floor > x4"]
    assert "x floor" in format_table(pages).splitlines()[0]
    assert "x4 of the floor" in summary(pages, [], max_floor=MAX_FLOOR_RATIO)


def test_admin_screens_are_measured_logged_in_against_the_account_page():
    from portal.devtools.bench.capabilities.admin_screens import COORDINATOR
    from portal.devtools.bench.registry import admin_screens_to_measure

    seed(admin=10)
    screens = admin_screens_to_measure()
    assert next(iter(screens)) == "Floor: admin account page"
    rows = measure_pages(screens, warmup=1, requests=2)
    assert [row["label"] for row in rows] == list(screens)
    assert rows[0]["floor_ratio"] == 1
    assert all(row["queries"] > 0 for row in rows)
    assert screens["Admin dashboard"] == (COORDINATOR, "/admin/")
