"""Materials and news: synthetic ones spread over the centers' sections, newest first by publication time."""

import datetime

from django.utils import timezone

from centers.models import (
    CenterIndexPage,
    CenterPage,
    EducationLevel,
    MaterialAuthor,
    MaterialIndexPage,
    MaterialPage,
    MaterialType,
    NewsIndexPage,
    NewsPage,
    Subject,
)
from portal.bench.registry import measured_pages, seed_step
from portal.bench.seeding import add_live_children, add_to_search_index, batched

SLUG_PREFIX = "bench-"
CENTERS_WITH_CONTENT = 10  # materials and news go round-robin into the first centers' sections


def sections(section_model):
    """The section of `section_model` in each of the first centers, created in bulk where missing."""
    directory = CenterIndexPage.objects.get()
    centers = list(CenterPage.objects.child_of(directory).order_by("path")[:CENTERS_WITH_CONTENT])
    existing = {
        page.get_parent().pk: page for page in section_model.objects.filter(depth=directory.depth + 2)
    }
    result = []
    for center in centers:
        section = existing.get(center.pk)
        if section is None:
            (section,) = add_live_children(
                center, [section_model(title=section_model.section_title, slug=section_model.section_slug)]
            )
        result.append((center, section))
    return result


@seed_step("materials", help="ensure this many materials exist", small=100, large=100_000, order=20)
def seed_materials(count, progress):
    missing = count - MaterialPage.objects.count()
    if missing <= 0:
        return 0
    targets = sections(MaterialIndexPage)
    types = list(MaterialType.objects.all())
    subjects = list(Subject.objects.all())
    levels = list(EducationLevel.objects.all())
    first = MaterialPage.objects.filter(slug__startswith=SLUG_PREFIX).count() + 1
    now = timezone.now()
    with progress(missing) as bar:
        for numbers in batched(range(first, first + missing)):
            by_section = {}
            for number in numbers:
                center, section = targets[number % len(targets)]
                by_section.setdefault(section.pk, (section, []))[1].append(
                    MaterialPage(
                        title=f"Методические рекомендации № {number}",
                        slug=f"{SLUG_PREFIX}material-{number:06d}",
                        abstract="Синтетический материал для замеров: рекомендации педагогам по организации уроков.",
                        material_type=types[number % len(types)],
                        year=now.year - number % 6,
                        center=center,
                        first_published_at=now - datetime.timedelta(minutes=number),
                    )
                )
            pages = [
                page for section, batch in by_section.values() for page in add_live_children(section, batch)
            ]
            MaterialPage.subjects.through.objects.bulk_create(
                MaterialPage.subjects.through(
                    materialpage_id=page.pk, subject_id=subjects[page.pk % len(subjects)].pk
                )
                for page in pages
            )
            MaterialPage.levels.through.objects.bulk_create(
                MaterialPage.levels.through(
                    materialpage_id=page.pk, educationlevel_id=levels[page.pk % len(levels)].pk
                )
                for page in pages
            )
            MaterialAuthor.objects.bulk_create(
                MaterialAuthor(page=page, sort_order=0, name="Иванова Мария Петровна", position="методист")
                for page in pages
            )
            add_to_search_index(pages)
            bar.update(len(pages))
    return missing


@seed_step("news", help="ensure this many news items exist", small=100, large=10_000, order=21)
def seed_news(count, progress):
    missing = count - NewsPage.objects.count()
    if missing <= 0:
        return 0
    targets = sections(NewsIndexPage)
    first = NewsPage.objects.filter(slug__startswith=SLUG_PREFIX).count() + 1
    today = timezone.localdate()
    with progress(missing) as bar:
        for numbers in batched(range(first, first + missing)):
            by_section = {}
            for number in numbers:
                center, section = targets[number % len(targets)]
                by_section.setdefault(section.pk, (section, []))[1].append(
                    NewsPage(
                        title=f"Семинар для педагогов № {number}",
                        slug=f"{SLUG_PREFIX}news-{number:06d}",
                        date=today - datetime.timedelta(days=number % 3650),
                        lead="Синтетическая новость для замеров производительности.",
                        center=center,
                    )
                )
            pages = [
                page for section, batch in by_section.values() for page in add_live_children(section, batch)
            ]
            add_to_search_index(pages)
            bar.update(len(pages))
    return missing


@measured_pages(order=20)
def content_pages():
    urls = {}
    material_index = MaterialIndexPage.objects.live().order_by("path").first()
    if material_index:
        urls["MaterialIndexPage"] = material_index.url
        urls["MaterialIndexPage ?type=&year="] = (
            f"{material_index.url}?type=recommendations&year={timezone.now().year}"
        )
        material = MaterialPage.objects.child_of(material_index).live().order_by("path").first()
        if material:
            urls["MaterialPage"] = material.url
    news_index = NewsIndexPage.objects.live().order_by("path").first()
    if news_index:
        urls["NewsIndexPage"] = news_index.url
        news = NewsPage.objects.child_of(news_index).live().order_by("path").first()
        if news:
            urls["NewsPage"] = news.url
    urls["RSS /feeds/materials/"] = "/feeds/materials/"
    urls["RSS /feeds/news/"] = "/feeds/news/"
    return urls
