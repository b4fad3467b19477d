"""What the backup tests share: an empty second database on the engine in use, and a restore into it."""

import json
import uuid

import pytest
from django.db import connection

from tests.manage_process import ROOT, run_manage  # noqa: F401 - used by the tests that import it from here


@pytest.fixture(name="empty_database")
def empty_database_fixture(tmp_path):
    """A second database with no tables: a fresh PostgreSQL database, or a new SQLite file."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    params = connection.settings_dict
    server = {
        key: params[name]
        for key, name in [("host", "HOST"), ("port", "PORT"), ("user", "USER")]
        if params[name]
    }
    if params["PASSWORD"]:
        server["password"] = params["PASSWORD"]
    name = f"{params['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    credentials = f"{server.get('user', '')}:{server.get('password', '')}@" if server.get("user") else ""
    location = f"{server.get('host', '')}:{server['port']}" if "port" in server else server.get("host", "")
    yield f"postgres://{credentials}{location}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def empty_machine(tmp_path, database_url):
    """The environment of a machine with an empty database and empty folders (development settings: the test
    settings pick folders of their own)."""
    return {
        "DATABASE_URL": database_url,
        "PORTAL_VAR_DIR": str(tmp_path / "var"),
        "MEDIA_ROOT": str(tmp_path / "restored-media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "restored-private"),
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
    }


def run_on(machine, script):
    """Run a Python script under manage.py shell on that machine; return the JSON it prints last."""
    result = run_manage("shell", "-c", script, **machine)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])
