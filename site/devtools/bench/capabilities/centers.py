"""Resource centers: synthetic centers in the directory, each with its own organization and a coordinator."""

import datetime

from django.utils import timezone

from centers.models import CenterContact, CenterIndexPage, CenterPage, Direction, Organization
from portal.devtools.bench.registry import measured_pages, seed_step
from portal.devtools.bench.seeding import add_live_children, add_to_search_index, batched
from portal.devtools.demo.centers import build_reference

SLUG_PREFIX = "bench-center-"
ENDED_EVERY = 10  # one center in ten has a term that has ended, so the "ended" tab has rows at every scale

GOALS = [
    ("heading", {"text": "Задачи на учебный год", "level": "h2"}),
    (
        "paragraph",
        "<p>Методическое сопровождение педагогов города: семинары, практикумы, консультации, "
        "<b>распространение эффективных практик</b> и апробация новых технологий.</p>",
    ),
]


def synthetic_center(number, organization, direction, today):
    term_start = datetime.date(today.year - 1 - number % 3, 9, 1)
    ended = number % ENDED_EVERY == 0
    term_end = datetime.date(today.year - 1, 5, 31) if ended else datetime.date(today.year + 2, 8, 31)
    return CenterPage(
        title=f"Ресурсный центр № {number}: {direction.name}",
        slug=f"{SLUG_PREFIX}{number:06d}",
        organization=organization,
        direction=direction,
        short_description=f"Синтетический центр для замеров производительности, направление «{direction.name}».",
        goals=GOALS,
        order_number=f"{number}-п",
        order_date=term_start - datetime.timedelta(days=5),
        term_start=term_start,
        term_end=term_end,
        first_published_at=timezone.now() - datetime.timedelta(minutes=number),
    )


@seed_step("centers", help="ensure the directory holds this many centers", small=30, large=100, order=10)
def seed_centers(count, progress):
    directory = CenterIndexPage.objects.get()
    missing = count - CenterPage.objects.child_of(directory).count()
    if missing <= 0:
        return 0
    _, directions = build_reference()
    directions = sorted(directions.values(), key=lambda direction: direction.slug)
    first = CenterPage.objects.child_of(directory).filter(slug__startswith=SLUG_PREFIX).count() + 1
    today = timezone.localdate()
    with progress(missing) as bar:
        for numbers in batched(range(first, first + missing)):
            organizations = Organization.objects.bulk_create(
                Organization(
                    full_name=f"МБОУ «Средняя общеобразовательная школа № {number}» (синтетическая)",
                    short_name=f"Синтетическая школа № {number}",
                    address=f"г. Нефтеюганск, {number % 17 + 1} микрорайон, д. {number % 40 + 1}",
                )
                for number in numbers
            )
            centers = add_live_children(
                directory,
                [
                    synthetic_center(number, organization, directions[number % len(directions)], today)
                    for number, organization in zip(numbers, organizations, strict=True)
                ],
            )
            CenterContact.objects.bulk_create(
                CenterContact(
                    page=center,
                    sort_order=0,
                    name="Иванова Мария Петровна",
                    position="методист",
                    email=f"center{center.id}@example.ru",
                    phone="+7 (3463) 22-00-00",
                )
                for center in centers
            )
            add_to_search_index(centers)
            bar.update(len(centers))
    return missing


@measured_pages(order=10)
def center_pages():
    directory = CenterIndexPage.objects.get()
    center = CenterPage.objects.child_of(directory).live().order_by("path").first()
    direction = Direction.objects.order_by("slug").first()
    return {
        "CenterIndexPage": directory.url,
        "CenterIndexPage ?status=ended": f"{directory.url}?status=ended",
        "CenterIndexPage ?direction=": f"{directory.url}?direction={direction.slug}",
        "CenterPage": center.url,
        "CenterPage consultation/ (form)": f"{center.url}consultation/",
    }
