"""The teachers' library: common Russian queries, alone and with the filters teachers pick (type, subject and
level, center), timed as requests and against their main search SQL (the floor, on PostgreSQL)."""

from urllib.parse import urlencode

from centers.models import CenterPage, EducationLevel, MaterialPage, Subject
from portal.bench.registry import measured_searches
from portal.demo.library import build_library
from portal.models import HomePage

QUERIES = ["методические рекомендации", "проектная деятельность", "инклюзивное образование", "практикум"]
SUBJECT = "mathematics"
LEVEL = "basic"


def filters():
    """{label suffix: GET parameters} of the filtered variants, taken from what the database holds."""
    variants = {"": {}, "type": {"type": "material"}}
    subject = Subject.objects.filter(slug=SUBJECT).first() or Subject.objects.order_by("pk").first()
    level = EducationLevel.objects.filter(slug=LEVEL).first() or EducationLevel.objects.order_by("pk").first()
    if subject and level:
        variants["subject+level"] = {"subject": subject.slug, "level": level.slug}
    material = MaterialPage.objects.live().order_by("path").first()
    center = CenterPage.objects.ancestor_of(material).first() if material else None
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
    return urls
