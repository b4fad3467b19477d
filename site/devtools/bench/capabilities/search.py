"""The teachers' library: common Russian queries, alone and with the filters teachers pick (type, subject and
level, center), timed as requests and against their main search SQL (the floor, on PostgreSQL)."""

from urllib.parse import urlencode

from centers.models import CenterPage, MaterialPage
from portal.devtools.bench.registry import measured_searches
from portal.devtools.demo.library import build_library
from portal.models import HomePage

QUERIES = ["методические рекомендации", "проектная деятельность", "инклюзивное образование", "практикум"]
# A typo that finds nothing: the page answers with a corrected query ("Возможно, вы искали").
TYPO = "методичскиие рекамендации"


def filters():
    """{label suffix: GET parameters} of the filtered variants, taken from what the database holds: the subject
    and level of an existing material (so the pair has results) and the center of the first material."""
    variants = {"": {}, "type": {"type": "material"}}
    material = MaterialPage.objects.live().order_by("path").first()
    if material is None:
        return variants
    subject = material.subjects.order_by("pk").first()
    level = material.levels.order_by("pk").first()
    if subject and level:
        variants["subject+level"] = {"subject": subject.slug, "level": level.slug}
    center = CenterPage.objects.ancestor_of(material).first()
    if center:
        variants["center"] = {"center": center.slug}
    return variants


@measured_searches(order=40)
def library_searches():
    library = build_library(HomePage.objects.get())
    urls = {}
    variants = filters()
    for query in QUERIES:
        for suffix, params in variants.items():
            label = f"«{query}»" + (f" {suffix}" if suffix else "")
            urls[label] = f"{library.url}?{urlencode({'q': query, **params})}"
    urls[f"«{TYPO}» (typo)"] = f"{library.url}?{urlencode({'q': TYPO})}"
    return urls
