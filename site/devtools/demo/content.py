"""Demo content of every center: materials (`materials`), news, a piloting project, the regulation, a work plan (`plans`); then the city
subject communities (`communities`). Idempotent: pages are found by slug."""

import datetime

from django.utils import timezone

from centers.models import (
    ContentPage,
    EducationLevel,
    MaterialIndexPage,
    MaterialType,
    NewsIndexPage,
    NewsPage,
    Organization,
    ProjectPage,
    ProjectStage,
    Subject,
)

from .centers import academic_year_start, content_time
from .communities import build_communities
from .materials import build_materials
from .news import NEWS
from .plans import build_work_plan
from .site_tree import add_published, ensure_child

# center slug -> the technology its piloting project tries out
PROJECTS = {
    "inclusive-sosh5": "ресурсная зона для обучающихся с РАС в общеобразовательной школе",
    "literacy-lyceum1": "модель формирующего оценивания функциональной грамотности",
    "stem-poisk": "сетевая программа инженерного образования «школа — центр дополнительного образования»",
    "mentoring-sosh1": "реверсивное наставничество в цифровых компетенциях",
    "preschool-ds26": "технология «Утренний и вечерний круг» по ФОП ДО",
    "career-ds9": "программа ранней профориентации «Детский технопарк профессий»",
    "digital-sosh13": "цифровой помощник учителя на базе ФГИС «Моя школа»",
}


def build_news(center, index, now):
    """The center's own three news items, dated back from `now` (its content time)."""
    for slug, title, lead, days_ago in NEWS[center.slug]:
        if NewsPage.objects.child_of(index).filter(slug=slug).exists():
            continue
        page = NewsPage(
            title=title,
            slug=slug,
            date=(now - datetime.timedelta(days=days_ago)).date(),
            lead=lead,
            body=[
                ("paragraph", f"<p>{lead} Организатор: {center.title}, {center.organization.full_name}.</p>")
            ],
        )
        add_published(index, page, now - datetime.timedelta(days=days_ago))


def build_project(center, now):
    if ProjectPage.objects.child_of(center).filter(slug="piloting").exists():
        return
    technology = PROJECTS.get(center.slug, "новая образовательная технология")
    year_start = academic_year_start(now.date())
    page = ProjectPage(
        title=f"Апробация: {technology}",
        slug="piloting",
        technology=technology[:1].upper() + technology[1:],
        summary=f"Ресурсный центр апробирует {technology} вместе с образовательными организациями города "
        "и готовит методические рекомендации по итогам.",
        results=[
            ("paragraph", "<p>Промежуточные результаты будут опубликованы по итогам первого этапа.</p>")
        ],
    )
    page.organizations = [*Organization.objects.exclude(pk=center.organization_id)[:2], center.organization]
    page.stages = [
        ProjectStage(
            title="Подготовительный этап: нормативная база, команда проекта",
            start_date=year_start,
            end_date=year_start + datetime.timedelta(days=60),
        ),
        ProjectStage(
            title="Практический этап: апробация в организациях-участниках",
            start_date=year_start + datetime.timedelta(days=61),
            end_date=year_start.replace(year=year_start.year + 1, month=4, day=30),
        ),
        ProjectStage(
            title="Аналитический этап: обобщение опыта, методические рекомендации",
            start_date=year_start.replace(year=year_start.year + 1, month=5, day=1),
            end_date=year_start.replace(year=year_start.year + 1, month=8, day=31),
        ),
    ]
    add_published(center, page, now - datetime.timedelta(days=60))


def build_regulation(center):
    """A free page: the center's regulation (its plan of work is a PlanPage of its own, see `plans`)."""
    if ContentPage.objects.child_of(center).filter(slug="regulation").exists():
        return  # a StreamField never compares equal to its raw value, so ensure_child would publish again
    ensure_child(
        center,
        ContentPage,
        "regulation",
        title="Положение о ресурсном центре",
        lead=f"Цели, задачи и порядок работы: {center.title}.",
        body=[
            ("heading", {"text": "Общие положения", "level": "h2"}),
            (
                "paragraph",
                f"<p>Ресурсный центр создан на базе {center.organization.short_name} приказом Департамента "
                "образования и молодёжной политики для распространения эффективных педагогических практик.</p>",
            ),
            ("heading", {"text": "Организационно-методическая работа", "level": "h2"}),
            (
                "paragraph",
                "<p>Конференции, семинары и практикумы для педагогов и руководителей, методические консультации, "
                "сопровождение городских профессиональных сообществ.</p>",
            ),
        ],
    )


def build_center_content(centers):
    now = timezone.now()
    references = (
        {item.slug: item for item in MaterialType.objects.all()},
        {item.slug: item for item in Subject.objects.all()},
        {item.slug: item for item in EducationLevel.objects.all()},
    )
    for center in centers:
        dated = content_time(center, now)
        materials = ensure_child(
            center,
            MaterialIndexPage,
            MaterialIndexPage.section_slug,
            title=MaterialIndexPage.section_title,
        )
        build_materials(center, materials, references, dated)
        news = ensure_child(
            center, NewsIndexPage, NewsIndexPage.section_slug, title=NewsIndexPage.section_title
        )
        build_news(center, news, dated)
        build_project(center, dated)
        build_regulation(center)
        build_work_plan(center, dated)
    build_communities(centers)
