import os

import pytest

from tests.manage_process import ROOT, run_manage  # noqa: F401 - used by the tests that import it from here


def production_env(**extra):
    return {
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "k" * 20 + "-production-test-key-with-enough-entropy-9f8e7d6c",
        "DATABASE_URL": os.environ.get("DATABASE_URL", "sqlite:///:memory:"),
        "ALLOWED_HOSTS": "rc.example.ru",
        "CSRF_TRUSTED_ORIGINS": "https://rc.example.ru",
        **extra,
    }


def test_production_settings_pass_check_deploy_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_only_development_settings_install_the_development_app():
    """The bench, the demo data and the load test's event are not part of the production site."""
    show = "from django.conf import settings; print('portal.devtools' in settings.INSTALLED_APPS)"
    production = run_manage("shell", "-c", show, **production_env())
    assert production.returncode == 0, production.stderr
    assert production.stdout.strip().splitlines()[-1] == "False"
    for module in ("portal.settings.dev", "portal.settings.test", "portal.settings.bench"):
        result = run_manage("shell", "-c", show, DJANGO_SETTINGS_MODULE=module)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip().splitlines()[-1] == "True", module


def test_seed_demo_refuses_under_production_settings():
    """Demo accounts with printed passwords on a live database: a clear Russian refusal, not "Unknown command"."""
    result = run_manage("seed_demo", **production_env())
    assert result.returncode != 0
    assert "seed_demo не запускается с рабочими настройками" in result.stderr
    assert "Unknown command" not in result.stderr
    assert "admin" not in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL"])
def test_production_refuses_to_start_without_required_settings(missing):
    env = production_env()
    env[missing] = ""
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert missing in result.stderr


def test_add_on_migrates_in_a_wagtail_project_without_portal(tmp_path):
    result = run_manage(
        "migrate",
        "--noinput",
        DJANGO_SETTINGS_MODULE="tests.standalone_settings",
        DATABASE_URL=f"sqlite:///{tmp_path / 'standalone.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "centers" in result.stdout
    assert "portal" not in result.stdout


def test_production_drops_connections_a_database_restart_broke():
    """Workers keep connections for a minute, but check them first: after a restart the next request reconnects."""
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; d = settings.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])",
        **production_env(DATABASE_URL="postgres://portal@localhost/portal"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["60", "True"]
