"""Demo of piloting: the functional-literacy center's project with three accepted pilot schools and one request
awaiting the coordinator, the schools' results of the first stage (approved, so the page shows them), a material
of the project, and the council's recommendation for implementation. Idempotent."""

from django.core.files.base import ContentFile
from django.utils import timezone

from centers.council.models import CouncilMeeting
from centers.models import (
    ImplementationRecommendation,
    MaterialPage,
    Organization,
    PilotSchool,
    ProjectLinkedPage,
    ProjectPage,
    StageResult,
)
from portal.devtools.demo.documents import build_pdf

PILOT_CENTER_SLUG = "literacy-lyceum1"
SCHOOLS = [
    (
        "Ирина Сергеевна Гладких",
        "gladkikh@example.ru",
        "Формирующее оценивание читательской грамотности в 5-х классах: листы самооценки, критерии вместе с детьми.",
        "Пять учителей провели 24 урока с листами самооценки; доля пятиклассников, выполнивших задания "
        "на интерпретацию текста, выросла с 41 до 58 %.",
    ),
    (
        "Андрей Викторович Лукин",
        "lukin@example.ru",
        "Критериальное оценивание математической грамотности в 7-х классах.",
        "Составлен банк из 30 заданий с критериями; учителя отмечают, что обратная связь стала короче и понятнее.",
    ),
    (
        "Марина Олеговна Шевченко",
        "shevchenko@example.ru",
        "Взаимооценивание в группах на уроках естественно-научного цикла.",
        "Методика опробована в трёх классах; подготовлена памятка для учителей и видеозапись урока.",
    ),
]
PENDING = ("Ольга Петровна Ким", "kim@example.ru", "Формирующее оценивание в начальной школе (3-4 классы).")
PROTOCOL_ITEM = "2"


def demo_report_pdf(school_name):
    """What a school attaches to its result: a one-page report in the demo's embedded Cyrillic font."""
    return build_pdf(
        "Отчёт о результатах первого этапа апробации",
        [
            f"Образовательная организация: {school_name}.",
            "Формирующее оценивание опробовано на уроках; результаты обсуждены на методическом объединении.",
            "Руководитель организации — подпись, печать.",
        ],
    )


def build_piloting():
    project = ProjectPage.objects.filter(center__slug=PILOT_CENTER_SLUG, slug="piloting").first()
    if project is None or PilotSchool.objects.filter(project=project).exists():
        return
    now = timezone.now()
    first_stage = project.stages.order_by("sort_order", "pk").first()
    organizations = list(Organization.objects.exclude(pk=project.center.organization_id).order_by("pk")[:4])
    for index, (organization, (name, email, plans, found)) in enumerate(
        zip(organizations, SCHOOLS, strict=False)
    ):
        school = PilotSchool.objects.create(
            project=project,
            organization=organization,
            contact_name=name,
            email=email,
            plans=plans,
            status=PilotSchool.Status.ACCEPTED,
            decided_at=now,
        )
        if first_stage is not None:
            result = StageResult(
                school=school,
                stage=first_stage,
                summary=found,
                status=StageResult.Status.APPROVED,
                moderated_at=now,
            )
            if index == 0:
                result.file.save(
                    "otchet-etap-1.pdf", ContentFile(demo_report_pdf(organization.short_name)), save=False
                )
            result.save()
    if len(organizations) > len(SCHOOLS):
        name, email, plans = PENDING
        PilotSchool.objects.create(
            project=project, organization=organizations[-1], contact_name=name, email=email, plans=plans
        )
    material = MaterialPage.objects.live().filter(center=project.center).order_by("pk").first()
    if material is not None and not project.linked_pages.exists():
        project.linked_pages = [ProjectLinkedPage(page=material)]
        project.save_revision().publish()
    meeting = CouncilMeeting.objects.order_by("date", "pk").first()
    if meeting is not None:
        ImplementationRecommendation.objects.get_or_create(
            project=project,
            defaults={
                "meeting": meeting,
                "protocol_item": PROTOCOL_ITEM,
                "decision": "Рекомендовать модель формирующего оценивания к внедрению в общеобразовательных "
                "организациях города с 1 сентября следующего учебного года.",
            },
        )
