"""The add-on is for any municipality's site: none of its source files names one city (the municipal site built on
it, `site/`, is the one place for Nefteyugansk). Migrations keep history and catalogues are generated: not walked."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDON = [ROOT / "centers", ROOT / "blocks"]
CITY = re.compile(r"нефтеюганск|nefteyugansk|yekaterinburg|екатеринбург", re.IGNORECASE)
SKIPPED_FOLDERS = {"migrations", "locale", "__pycache__"}


def addon_files():
    for top in ADDON:
        for path in top.rglob("*"):
            if path.is_file() and not SKIPPED_FOLDERS & set(path.relative_to(top).parts):
                yield path


def test_the_walk_reads_the_addons_sources_templates_and_scripts():
    suffixes = {path.suffix for path in addon_files()}
    assert {".py", ".html", ".txt"} <= suffixes
    assert ROOT / "centers" / "privacy" / "consent.py" in set(addon_files())


def test_no_addon_file_names_a_city():
    named = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}"
        for path in addon_files()
        for number, line in enumerate(path.read_bytes().decode("utf-8", errors="ignore").splitlines(), 1)
        if CITY.search(line)
    ]
    assert named == []
