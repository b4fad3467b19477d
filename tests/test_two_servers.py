"""Two app servers that share only PostgreSQL and Redis (REDIS_URL), each with its own var folder, show a publish, a
renamed site and a renamed subject on both within two seconds."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest
from django.conf import settings
from django.db import connections

pytestmark = pytest.mark.postgres

GUNICORN = ("--workers", "2", "--threads", "2", "--log-level", "warning")
CHANGES = """
from centers.models import MaterialPage, Subject
from portal.models import SiteIdentity
from wagtail.models import Site
import sys
what, value = sys.argv[1], sys.argv[2]
if what == "publish":
    page = MaterialPage.objects.live().get(pk=int(sys.argv[3]))
    page.title = value
    page.save_revision().publish()
elif what == "site":
    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.site_name = value
    identity.save()
elif what == "subject":
    subject = Subject.objects.get(pk=int(sys.argv[3]))
    subject.name = value
    subject.save()
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, process, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(port)


@pytest.fixture
def redis_url(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (.ci/run installs it)")
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    wait_for_port(port, server)
    yield f"redis://127.0.0.1:{port}/0"
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture
def database_copy(django_db_setup, django_db_blocker):
    """A copy of the seeded test database that the servers and the editor share (committed, unlike a test's)."""
    template = settings.DATABASES["default"]["NAME"]
    name = f"portal_two_servers_{uuid.uuid4().hex[:8]}"
    connections.close_all()
    # Connections left by earlier tests' threads would keep PostgreSQL from copying the database: they are ended.
    others = f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{template}'"
    with django_db_blocker.unblock():
        subprocess.run(["psql", "-qd", "postgres", "-c", others], check=True, capture_output=True)
        subprocess.run(
            ["psql", "-qd", "postgres", "-c", f'CREATE DATABASE "{name}" TEMPLATE "{template}"'], check=True
        )
    yield f"postgres:///{name}"
    subprocess.run(
        ["psql", "-qd", "postgres", "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], check=False
    )


def environment(database_url, redis_url, var_dir):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "RATE_LIMIT_REDIS_URL")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.two_servers_settings",
        SECRET_KEY="a-secret-for-this-test-only-" + "x" * 30,
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        PORTAL_VAR_DIR=str(var_dir),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PAGE_REPLAY_SECONDS="10",
    )
    return env


@pytest.fixture
def two_servers(database_copy, redis_url, tmp_path):
    servers, ports = [], []
    for name in ("first", "second"):
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                *GUNICORN,
            ],
            cwd=settings.BASE_DIR,
            env=environment(database_copy, redis_url, tmp_path / name),
        )
        servers.append(server)
        ports.append(port)
    try:
        for server, port in zip(servers, ports, strict=True):
            wait_for_port(port, server)
        yield ports, (lambda *args: change(database_copy, redis_url, tmp_path / "editor", *args))
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)


def change(database_url, redis_url, var_dir, *args):
    subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + CHANGES, *map(str, args)],
        cwd=settings.BASE_DIR,
        env=environment(database_url, redis_url, var_dir),
        check=True,
        timeout=300,
    )


def fetch(port, path):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers.get("X-Wagtail-Cache"), response.read().decode()


def warm(ports, path):
    for port in ports:
        fetch(port, path)
        assert fetch(port, path)[0] == "hit", (port, path)


def shows_on_both_within_two_seconds(ports, path, text):
    deadline = time.monotonic() + 2
    while True:
        seen = [text in fetch(port, path)[1] for port in ports]
        if all(seen):
            return True
        if time.monotonic() > deadline:
            return seen
        time.sleep(0.1)


def test_a_publish_a_renamed_site_and_a_renamed_subject_show_on_both_servers_within_two_seconds(
    two_servers, django_db_blocker
):
    from centers.models import MaterialPage

    ports, edit = two_servers
    with django_db_blocker.unblock():  # read only, from the database the copy was made of
        material = MaterialPage.objects.live().filter(subjects__isnull=False).order_by("path").first()
        subject = material.subjects.order_by("pk").first()
        connections.close_all()
    warm(ports, material.url)
    warm(ports, "/")

    edit("publish", "Опорный конспект: электричество в 8 классе", material.pk)
    assert (
        shows_on_both_within_two_seconds(ports, material.url, "Опорный конспект: электричество в 8 классе")
        is True
    )

    warm(ports, "/")
    edit("site", "Методическая сеть города", 0)
    assert shows_on_both_within_two_seconds(ports, "/", "Методическая сеть города") is True

    warm(ports, material.url)
    edit("subject", "Физика и астрономия", subject.pk)
    assert shows_on_both_within_two_seconds(ports, material.url, "Физика и астрономия") is True
