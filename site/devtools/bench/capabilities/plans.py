"""A center's work plan (a year of items, each fulfilled by some of its pages) and its questions and answers.

The same at both scales: a plan is as long as a center's year of work (PLAN_ITEMS items, a third of them linked to an
event, a material or a news item of the center), and the FAQ lists a full page of answers; the larger scale only
makes the tables around them bigger.
"""

from django.utils import timezone

from centers.consultations.faq import QuestionIndexPage, QuestionPage
from centers.models import CenterPage, EventPage, MaterialPage, NewsPage, PlanItem, PlanPage
from centers.plans.academic_year import current_academic_year
from portal.devtools.bench.registry import measured_pages, seed_step
from portal.devtools.bench.seeding import add_live_children

PLAN_ITEMS = 40
QUESTION_SLUG_PREFIX = "bench-question-"


def first_center():
    return CenterPage.objects.live().order_by("path").first()


def ensure_plan(center):
    """The center's plan page with PLAN_ITEMS items of the current academic year; returns how many items it added."""
    page = PlanPage.objects.child_of(center).first()
    if page is None:
        (page,) = add_live_children(
            center, [PlanPage(title="План работы", slug=PlanPage.section_slug, center=center)]
        )
    missing = PLAN_ITEMS - PlanItem.objects.filter(page=page).count()
    if missing <= 0:
        return 0
    year = current_academic_year()
    kinds = [kind for kind, _label in PlanItem.Kind.choices]
    items = PlanItem.objects.bulk_create(
        PlanItem(
            page=page,
            sort_order=number,
            academic_year=year,
            kind=kinds[number % len(kinds)],
            title=f"Пункт плана № {number}: семинар для учителей",
            description="Синтетический пункт плана для замеров производительности.",
            month=None if number % 5 == 0 else (number % 12) + 1,
            responsible="Иванова Мария Петровна, методист",
            expected_result="Методические рекомендации для педагогов города.",
        )
        for number in range(PLAN_ITEMS - missing, PLAN_ITEMS)
    )
    items = [item for item in items if item.pk] or list(PlanItem.objects.filter(page=page).order_by("pk"))
    # A third of the items are fulfilled: an event, a material or a news item of the center links to each.
    linked = items[::3]
    for model, share in ((EventPage, 0), (MaterialPage, 1), (NewsPage, 2)):
        chosen = linked[share::3]
        pages = list(model.objects.live().descendant_of(center).order_by("pk").values_list("pk", flat=True))
        for item, page_pk in zip(chosen, pages, strict=False):
            model.objects.filter(pk=page_pk).update(plan_item=item)
    return missing


def ensure_questions(center, count):
    index = QuestionIndexPage.objects.child_of(center).first()
    if index is None:
        (index,) = add_live_children(
            center, [QuestionIndexPage(title="Вопросы и ответы", slug=QuestionIndexPage.section_slug)]
        )
    missing = count - QuestionPage.objects.child_of(index).count()
    if missing <= 0:
        return 0
    first = QuestionPage.objects.child_of(index).count() + 1
    today = timezone.localdate()
    add_live_children(
        index,
        [
            QuestionPage(
                center=center,
                title=f"Вопрос № {number}: как оформить рабочую программу?",
                slug=f"{QUESTION_SLUG_PREFIX}{number:06d}",
                question="Как оформить рабочую программу по обновлённому ФГОС?",
                answer="<p>Используйте конструктор рабочих программ и методические рекомендации центра.</p>",
                date=today,
            )
            for number in range(first, first + missing)
        ],
    )
    return missing


@seed_step(
    "questions",
    help="ensure the first center has a plan of a year's items and this many answered questions",
    small=30,
    large=30,
    order=45,
)
def seed_plan_and_questions(count, progress):
    center = first_center()
    if center is None:
        return 0
    with progress(PLAN_ITEMS + count) as bar:
        added = ensure_plan(center)
        bar.update(added)
        questions = ensure_questions(center, count)
        bar.update(questions)
    return added + questions


@measured_pages(order=45)
def plan_and_question_pages():
    center = first_center()
    plan = PlanPage.objects.child_of(center).live().first() if center else None
    index = QuestionIndexPage.objects.child_of(center).live().first() if center else None
    pages = {}
    if plan is not None:
        pages["PlanPage"] = plan.url
    if index is not None:
        pages["QuestionIndexPage"] = index.url
        question = QuestionPage.objects.child_of(index).live().order_by("path").first()
        if question is not None:
            pages["QuestionPage"] = question.url
    return pages
