"""Practice exchange: one center's exchange filled with practices (authors, levels, subjects), and its pages."""

from django.utils.html import linebreaks

from centers.models import (
    CenterPage,
    EducationLevel,
    PracticeAuthor,
    PracticeIndexPage,
    PracticePage,
    Subject,
)
from portal.devtools.bench.registry import measured_pages, seed_step
from portal.devtools.bench.seeding import add_live_children, add_to_search_index, batched

SLUG_PREFIX = "bench-practice-"


def bench_exchange():
    """The practice exchange of the first center in the tree, created when missing."""
    center = CenterPage.objects.live().order_by("path").first()
    if center is None:
        return None
    exchange = PracticeIndexPage.objects.child_of(center).first()
    if exchange is None:
        (exchange,) = add_live_children(
            center,
            [PracticeIndexPage(title="Обмен практиками", slug=PracticeIndexPage.section_slug)],
        )
    return exchange


def synthetic_practice(number, level_count, center):
    return PracticePage(
        center=center,
        title=f"Практика № {number}: кейс-метод на уроках",
        slug=f"{SLUG_PREFIX}{number:06d}",
        summary="Синтетическая практика для замеров производительности.",
        problem=linebreaks("Ученики не применяют знания в жизненных ситуациях."),
        idea=linebreaks("Каждая тема начинается с кейса из жизни города."),
        method=linebreaks("Работа в группах: анализ, решение, защита позиции, рефлексия."),
        results=linebreaks("Результаты диагностики выросли на 15 %."),
        author_organization=f"Синтетическая школа № {number % level_count + 1}",
    )


@seed_step(
    "practices",
    help="ensure the first center's practice exchange holds this many",
    small=20,
    large=1000,
    order=30,
)
def seed_practices(count, progress):
    exchange = bench_exchange()
    if exchange is None:
        return 0
    missing = count - PracticePage.objects.child_of(exchange).count()
    if missing <= 0:
        return 0
    center = CenterPage.objects.get(pk=exchange.get_parent().pk)
    levels, subjects = list(EducationLevel.objects.all()), list(Subject.objects.all())
    first = PracticePage.objects.child_of(exchange).filter(slug__startswith=SLUG_PREFIX).count() + 1
    with progress(missing) as bar:
        for numbers in batched(range(first, first + missing)):
            practices = add_live_children(
                exchange, [synthetic_practice(number, len(levels), center) for number in numbers]
            )
            PracticeAuthor.objects.bulk_create(
                PracticeAuthor(page=page, sort_order=0, name="Иванова Мария Петровна", position="учитель")
                for page in practices
            )
            PracticePage.levels.through.objects.bulk_create(
                PracticePage.levels.through(
                    practicepage_id=page.pk, educationlevel_id=levels[page.pk % len(levels)].pk
                )
                for page in practices
            )
            PracticePage.subjects.through.objects.bulk_create(
                PracticePage.subjects.through(
                    practicepage_id=page.pk, subject_id=subjects[page.pk % len(subjects)].pk
                )
                for page in practices
            )
            add_to_search_index(practices)
            bar.update(len(practices))
    return missing


@measured_pages(order=30)
def practice_pages():
    exchange = bench_exchange()
    if exchange is None:
        return {}
    practice = PracticePage.objects.child_of(exchange).live().order_by("path").first()
    # A subject that practices have at every scale, so that the filtered list is never empty at one of them.
    subject = practice.subjects.order_by("pk").first() if practice else None
    subject = subject or Subject.objects.order_by("sort_order", "name").first()
    pages = {
        "PracticeIndexPage": exchange.url,
        "PracticeIndexPage ?subject=": f"{exchange.url}?subject={subject.slug}",
        "PracticeIndexPage send/ (form)": exchange.url + exchange.reverse_subpage("send"),
    }
    if practice is not None:
        pages["PracticePage"] = practice.url
    return pages
