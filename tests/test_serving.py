import json
import re

import pytest

from .test_settings import production_env, run_manage


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """What `make serve` does first: collectstatic with production settings (hashed, compressed files)."""
    root = tmp_path_factory.mktemp("static")
    result = run_manage("collectstatic", "--noinput", **production_env(STATIC_ROOT=str(root)))
    assert result.returncode == 0, result.stderr
    return root


def production_get(static_root, *paths):
    """GET over HTTPS through the whole production middleware stack, in a process of its own."""
    script = (
        "import json; from django.test import Client; c = Client();"
        f"print(json.dumps([dict(c.get(p, secure=True, headers={{'host': 'rc.example.ru'}}).headers) for p in {list(paths)!r}]))"
    )
    result = run_manage("shell", "-c", script, **production_env(STATIC_ROOT=str(static_root)))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_hashed_static_files_are_cached_for_a_year_or_more_and_unhashed_ones_briefly(static_root):
    hashed = next(
        p.name for p in (static_root / "portal").iterdir() if re.fullmatch(r"site\.[0-9a-f]{12}\.css", p.name)
    )
    assert (static_root / "portal" / f"{hashed}.gz").exists()
    hashed_headers, plain_headers = production_get(
        static_root, f"/static/portal/{hashed}", "/static/portal/site.css"
    )
    max_age = int(re.search(r"max-age=(\d+)", hashed_headers["Cache-Control"]).group(1))
    assert max_age >= 365 * 24 * 3600
    assert "immutable" in hashed_headers["Cache-Control"]
    assert "immutable" not in plain_headers["Cache-Control"]


def test_production_sends_hsts_csp_and_the_other_headers_over_https(static_root):
    (headers,) = production_get(static_root, "/static/portal/site.css")
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "microphone=()" in headers["Permissions-Policy"]
    assert "script-src 'self';" in headers["Content-Security-Policy"] + ";"
