"""Demo work plans: every center's plan for its year (the ended center's last one), items of its own direction,
some linked to its demo events, materials, practice, project and news. Idempotent: a center with a plan is left
alone; the free-text plan page the demo made before is replaced."""

from django.utils import timezone

from centers.models import (
    CenterPage,
    ContentPage,
    EventPage,
    MaterialPage,
    NewsPage,
    PlanItem,
    PlanPage,
    PracticePage,
    ProjectPage,
)
from centers.plans.academic_year import academic_year_of, year_label

from .site_tree import add_published

Kind = PlanItem.Kind
Audience = PlanItem.Audience

# center slug -> (consultations on, recommendations, practices studied, community supported, partner center)
TOPICS = {
    "inclusive-sosh5": (
        "разработке адаптированных программ и индивидуальных образовательных маршрутов",
        "Методические рекомендации «Тьюторское сопровождение обучающихся с ОВЗ в общеобразовательном классе»",
        "практик инклюзивного образования школ и детских садов города",
        "городского сообщества педагогов-психологов и тьюторов",
        "preschool-ds26",
    ),
    "literacy-lyceum1": (
        "формированию и оцениванию функциональной грамотности",
        "Методические рекомендации «Задания PISA-формата на уроках в 5–9 классах»",
        "практик формирования читательской и математической грамотности",
        "городского сообщества учителей русского языка и литературы",
        "stem-poisk",
    ),
    "stem-poisk": (
        "организации занятий по робототехнике и инженерному проектированию",
        "Методические рекомендации «Инженерные кейсы на уроках технологии и физики»",
        "практик проектной и исследовательской деятельности в STEM-направлении",
        "городского сообщества учителей технологии и информатики",
        "literacy-lyceum1",
    ),
    "mentoring-sosh1": (
        "внедрению целевой модели наставничества",
        "Методические рекомендации «Программа наставничества в образовательной организации»",
        "практик наставничества «педагог — молодой специалист»",
        "городского клуба наставников",
        "inclusive-sosh5",
    ),
    "preschool-ds26": (
        "построению развивающей предметно-пространственной среды по ФОП ДО",
        "Методические рекомендации «Игровые технологии в режимных моментах»",
        "практик организации развивающей среды в детских садах города",
        "городского сообщества старших воспитателей",
        "career-ds9",
    ),
    "career-ds9": (
        "ранней профориентации дошкольников",
        "Методические рекомендации «Знакомство дошкольников с профессиями родного города»",
        "практик ранней профориентации в детских садах",
        "городского сообщества воспитателей, реализующих проекты по профориентации",
        "preschool-ds26",
    ),
    "digital-sosh13": (
        "использованию ФГИС «Моя школа» и цифровых сервисов урока",
        "Методические рекомендации «Цифровые сервисы урока: безопасность и эффективность»",
        "практик использования цифровой образовательной среды",
        "городского сообщества учителей информатики",
        "literacy-lyceum1",
    ),
}

# event format -> the kind of plan item it fulfils
KIND_OF_FORMAT = {
    "conference": Kind.CONFERENCE,
    "seminar": Kind.SEMINAR,
    "practicum": Kind.PRACTICUM,
    "seminar-practicum": Kind.PRACTICUM,
    "workshop": Kind.PRACTICUM,
    "master-class": Kind.PRACTICUM,
    "consultation": Kind.CONSULTATIONS,
}


def planned(year, kind, title, result, responsible, audience=Audience.TEACHERS, **when):
    return PlanItem(
        academic_year=year,
        kind=kind,
        title=title,
        audience=audience,
        responsible=responsible,
        expected_result=result,
        **when,
    )


def event_items(center, year, responsible):
    """One item per event of the center in the plan's year, dated like the event: [(item, event)]."""
    pairs = []
    events = EventPage.objects.filter(host_center=center).select_related("format").order_by("start")
    for event in events:
        day = timezone.localdate(event.start)
        if academic_year_of(day) != year:
            continue
        item = planned(
            year,
            KIND_OF_FORMAT.get(event.format.slug, Kind.EVENT),
            event.title,
            "Участие педагогов школ и детских садов города; материалы мероприятия на странице центра.",
            responsible,
            description=event.summary,
            start_date=day,
        )
        pairs.append((item, event))
    return pairs


def regular_items(center, year, responsible):
    """The items every center plans: consultations, recommendations, practices, piloting, a community, informing."""
    consultations, recommendations, practices, community, partner_slug = TOPICS[center.slug]
    partner = CenterPage.objects.filter(slug=partner_slug).first()
    project = ProjectPage.objects.child_of(center).first()
    items = [
        planned(
            year,
            Kind.CONSULTATIONS,
            f"Методические консультации для педагогов по {consultations}",
            "Ответ на каждый запрос в течение 10 рабочих дней.",
            responsible,
            audience=Audience.BOTH,
        ),
        planned(
            year,
            Kind.INFORMING,
            "Информирование о деятельности центра: анонсы, новости и материалы на портале",
            "Не реже двух публикаций в месяц на странице центра.",
            responsible,
            audience=Audience.BOTH,
        ),
        planned(
            year,
            Kind.COMMUNITY,
            f"Методическое сопровождение {community}",
            "Ежеквартальные заседания сообщества, план работы сообщества на год.",
            responsible,
            month=10,
        ),
        planned(
            year,
            Kind.PRACTICE,
            f"Изучение и обобщение {practices}",
            "Не менее трёх практик опубликованы в банке практик портала.",
            responsible,
            month=2,
        ),
        planned(
            year,
            Kind.RECOMMENDATIONS,
            recommendations,
            "Рекомендации опубликованы на портале.",
            responsible,
            month=4,
        ),
    ]
    if project is not None:
        items.append(
            planned(
                year,
                Kind.PILOTING,
                f"Апробация: {project.technology}",
                "Отчёт об апробации и решение о её продолжении.",
                responsible,
                audience=Audience.BOTH,
                month=5,
            )
        )
    if partner is not None:
        items.append(
            planned(
                year,
                Kind.COOPERATION,
                f"Совместное методическое мероприятие с центром «{partner.title}»",
                "Обмен опытом между ресурсными центрами, общий сборник материалов.",
                responsible,
                audience=Audience.LEADERS,
                month=3,
            )
        )
    return items


def link(page, item):
    """The page says which item it fulfils, through a published revision (the editor then shows the link too)."""
    page.plan_item = item
    page.save_revision().publish()


def link_regular_items(center, items):
    """Recommendations -> the center's recommendations, practice -> a practice, piloting -> the project, news."""
    by_kind = {item.kind: item for item in items}
    materials = MaterialPage.objects.live().descendant_of(center).order_by("pk")
    material = materials.filter(material_type__slug="recommendations").first() or materials.first()
    pages = [
        (Kind.RECOMMENDATIONS, material),
        (Kind.PRACTICE, PracticePage.objects.live().descendant_of(center).order_by("pk").first()),
        (Kind.PILOTING, ProjectPage.objects.live().child_of(center).first()),
        (Kind.INFORMING, NewsPage.objects.live().descendant_of(center).order_by("date").first()),
    ]
    for kind, page in pages:
        if page is not None and kind in by_kind:
            link(page, by_kind[kind])


def build_work_plan(center, now):
    """The center's plan for the academic year its content is dated in (6-10 items), linked to its pages."""
    page = PlanPage.objects.child_of(center).first()
    if page is not None and page.items.exists():
        return
    for old in ContentPage.objects.child_of(center).filter(slug__in=["plan", "plan-archive"]):  # older demos
        old.delete()
    year = academic_year_of(now.date())
    contact = center.contacts.first()
    responsible = f"{contact.name}, {contact.position}" if contact else center.title
    events = event_items(center, year, responsible)[:3]
    intro = (
        f"Мероприятия и методическая работа центра для педагогов и руководителей образовательных "
        f"организаций города; план на {year_label(year)} учебный год утверждён Департаментом."
    )
    items = [item for item, _event in events] + regular_items(center, year, responsible)
    if page is None:
        page = PlanPage(title="План работы", intro=intro)
        page.items = items
        add_published(center, page, now)
    else:  # the empty plan provisioning gave the center
        page.intro, page.items, page.first_published_at = intro, items, now
        page.save_revision().publish()
    stored = list(PlanItem.objects.filter(page=page).order_by("sort_order", "pk"))
    for (_item, event), item in zip(events, stored, strict=False):
        link(event, item)
    link_regular_items(center, stored[len(events) :])
