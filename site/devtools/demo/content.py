"""Demo content of every center: materials with real PDF/DOCX files, news, a piloting project, a plan of work;
and the city subject communities. Idempotent: pages are found by slug, documents by title in their collection."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import Collection

from centers.models import (
    CenterDocument,
    CommunityIndexPage,
    CommunityMaterial,
    CommunityPage,
    ContentPage,
    EducationLevel,
    EventPage,
    MaterialAttachment,
    MaterialAuthor,
    MaterialIndexPage,
    MaterialPage,
    MaterialType,
    NewsIndexPage,
    NewsPage,
    Organization,
    ProjectPage,
    ProjectStage,
    Subject,
)

from .centers import academic_year_start
from .documents import build_docx, build_pdf
from .site_tree import ensure_child

# center slug -> materials: slug, title, type, subjects, levels, audience, abstract, authors, files
MATERIALS = {
    "inclusive-sosh5": [
        (
            "aop-recommendations",
            "Методические рекомендации по разработке адаптированной основной общеобразовательной программы",
            "recommendations",
            ["interdisciplinary"],
            ["primary", "basic"],
            "заместители директоров по УВР, педагоги-психологи, учителя-дефектологи",
            "Порядок разработки АООП для обучающихся с ОВЗ в соответствии с ФАОП: структура программы, "
            "учёт рекомендаций ПМПК, взаимодействие специалистов психолого-педагогического консилиума.",
            [("Гарипова Лилия Ринатовна", "заместитель директора по УВР")],
            ["pdf", "docx"],
        ),
        (
            "tutor-support",
            "Тьюторское сопровождение обучающихся с РАС в общеобразовательном классе",
            "lesson-plan",
            ["interdisciplinary"],
            ["primary"],
            "тьюторы, учителя начальных классов",
            "Алгоритм включения ребёнка с расстройством аутистического спектра в урок: визуальное расписание, "
            "карточки PECS, ресурсная зона, индивидуальный маршрут на учебную четверть.",
            [("Шарипова Айгуль Ильдаровна", "тьютор"), ("Козлова Мария Андреевна", "педагог-психолог")],
            ["pdf"],
        ),
        (
            "russian-ovz-tasks",
            "Дидактические материалы по русскому языку для обучающихся с ЗПР (5–6 классы)",
            "didactic",
            ["russian"],
            ["basic"],
            "учителя русского языка",
            "Разноуровневые карточки по орфографии и развитию речи с опорными схемами и алгоритмами; "
            "задания адаптированы по объёму и инструкции для обучающихся с задержкой психического развития.",
            [("Миронова Татьяна Викторовна", "учитель русского языка и литературы")],
            ["docx"],
        ),
    ],
    "literacy-lyceum1": [
        (
            "reading-literacy-5-9",
            "Формирование читательской грамотности на уроках литературы в 5–9 классах",
            "recommendations",
            ["literature", "russian"],
            ["basic"],
            "учителя русского языка и литературы",
            "Приёмы работы со сплошными и несплошными текстами, стратегии смыслового чтения, "
            "критерии оценивания заданий в формате PISA и их связь с ФГОС ООО.",
            [("Белова Ирина Николаевна", "руководитель методического объединения")],
            ["pdf", "docx"],
        ),
        (
            "math-literacy-bank",
            "Банк заданий по математической грамотности для 7–8 классов",
            "assessment",
            ["mathematics", "algebra"],
            ["basic"],
            "учителя математики",
            "Двадцать контекстных задач с ключами и критериями оценивания: финансовые расчёты семьи, "
            "планирование поездки, чтение графиков тарифов.",
            [
                ("Осипов Денис Валерьевич", "учитель математики"),
                ("Белова Ирина Николаевна", "руководитель МО"),
            ],
            ["docx"],
        ),
        (
            "science-literacy-lesson",
            "Урок-исследование «Вода нашего города» для формирования естественнонаучной грамотности",
            "lesson-plan",
            ["chemistry", "biology"],
            ["basic"],
            "учителя химии и биологии",
            "Технологическая карта урока для 8 класса: постановка исследовательского вопроса, "
            "лабораторный анализ проб воды, интерпретация данных и формулирование выводов.",
            [("Гусейнова Эльмира Назимовна", "учитель химии")],
            ["pdf"],
        ),
        (
            "global-competence-collection",
            "Сборник материалов городского семинара по глобальным компетенциям",
            "collection",
            ["social-studies", "geography"],
            ["basic", "secondary"],
            "учителя обществознания и географии",
            "Материалы выступлений участников семинара: кейсы межкультурного взаимодействия, "
            "проектные задания, примеры оценочных листов.",
            [("Белова Ирина Николаевна", "руководитель методического объединения")],
            ["pdf"],
        ),
    ],
    "stem-poisk": [
        (
            "robotics-program",
            "Дополнительная общеразвивающая программа «Образовательная робототехника»",
            "additional-program",
            ["informatics", "technology"],
            ["additional", "basic"],
            "педагоги дополнительного образования, учителя технологии",
            "Программа на 144 часа для обучающихся 10–14 лет: конструирование, программирование контроллеров, "
            "командные инженерные проекты и подготовка к соревнованиям.",
            [
                ("Ахмедов Тимур Рашидович", "методист"),
                ("Зайцев Кирилл Олегович", "педагог дополнительного образования"),
            ],
            ["pdf", "docx"],
        ),
        (
            "physics-sensors",
            "Цифровые датчики на уроках физики: практикум для учителя",
            "recommendations",
            ["physics"],
            ["basic", "secondary"],
            "учителя физики",
            "Восемь лабораторных работ с цифровой лабораторией: измерение ускорения, температуры, освещённости; "
            "обработка результатов в электронных таблицах.",
            [("Фёдоров Максим Игоревич", "учитель физики")],
            ["pdf"],
        ),
        (
            "engineering-case",
            "Инженерный кейс «Умная теплица» для проектной деятельности",
            "lesson-plan",
            ["technology", "biology", "informatics"],
            ["basic"],
            "учителя технологии, информатики и биологии",
            "Межпредметный кейс на восемь занятий: сбор требований, прототип системы полива на микроконтроллере, "
            "испытания и защита проекта.",
            [("Ахмедов Тимур Рашидович", "методист")],
            ["docx"],
        ),
    ],
    "mentoring-sosh1": [
        (
            "mentoring-model",
            "Методические рекомендации по внедрению целевой модели наставничества в школе",
            "recommendations",
            ["interdisciplinary"],
            ["primary", "basic", "secondary"],
            "руководители и заместители директоров",
            "Положение о наставничестве, дорожная карта на учебный год, формы «педагог — педагог» и "
            "«учитель — молодой специалист», показатели эффективности программы.",
            [("Лебедева Светлана Юрьевна", "заместитель директора по НМР")],
            ["pdf", "docx"],
        ),
        (
            "young-teacher-school",
            "Программа «Школа молодого учителя»",
            "work-program",
            ["interdisciplinary"],
            ["basic"],
            "наставники, молодые специалисты",
            "Десять встреч в течение года: планирование урока, работа с родителями, классное руководство, "
            "профилактика профессионального выгорания.",
            [
                ("Лебедева Светлана Юрьевна", "заместитель директора по НМР"),
                ("Сергеева Оксана Павловна", "педагог-наставник"),
            ],
            ["docx"],
        ),
        (
            "mentor-diary",
            "Дневник наставника: шаблоны и образцы заполнения",
            "didactic",
            ["interdisciplinary"],
            ["basic", "secondary"],
            "педагоги-наставники",
            "Шаблоны индивидуального плана развития наставляемого, листы посещения уроков, "
            "рефлексивные карты и итоговый отчёт наставнической пары.",
            [("Сергеева Оксана Павловна", "педагог-наставник")],
            ["pdf"],
        ),
    ],
    "preschool-ds26": [
        (
            "rpps-guide",
            "Развивающая предметно-пространственная среда группы по ФОП ДО",
            "recommendations",
            ["interdisciplinary"],
            ["preschool"],
            "воспитатели, старшие воспитатели",
            "Требования к РППС, примеры зонирования группы для детей 3–7 лет, чек-лист самооценки среды "
            "и фотографии центров активности.",
            [("Хабибуллина Резеда Фаритовна", "старший воспитатель")],
            ["pdf", "docx"],
        ),
        (
            "game-technologies",
            "Картотека игровых технологий для развития речи дошкольников",
            "didactic",
            ["russian"],
            ["preschool"],
            "воспитатели, учителя-логопеды",
            "Сорок игр на развитие связной речи, фонематического слуха и словаря с указанием возраста, "
            "целей и необходимого оборудования.",
            [
                ("Ильина Валентина Сергеевна", "учитель-логопед"),
                ("Хабибуллина Резеда Фаритовна", "старший воспитатель"),
            ],
            ["docx"],
        ),
        (
            "autumn-festival",
            "Сценарий семейного праздника «Осенняя ярмарка»",
            "scenario",
            ["music"],
            ["preschool"],
            "музыкальные руководители, воспитатели",
            "Сценарий совместного мероприятия с родителями для старших групп: песни, игры, театрализация "
            "и ярмарка поделок из природного материала.",
            [("Насибуллина Гульнара Рафаэлевна", "музыкальный руководитель")],
            ["pdf"],
        ),
    ],
    "career-ds9": [
        (
            "professions-project",
            "Проект «Город профессий» для детей старшего дошкольного возраста",
            "lesson-plan",
            ["interdisciplinary"],
            ["preschool"],
            "воспитатели старших и подготовительных групп",
            "Долгосрочный проект ранней профориентации: сюжетно-ролевые игры, встречи с родителями-профессионалами, "
            "экскурсии на предприятия Нефтеюганска.",
            [("Волкова Анна Михайловна", "старший воспитатель")],
            ["pdf", "docx"],
        ),
        (
            "oil-industry-excursions",
            "Методические рекомендации по организации виртуальных экскурсий «Профессии нефтяников»",
            "recommendations",
            ["world-around"],
            ["preschool", "primary"],
            "воспитатели, учителя начальных классов",
            "Как подготовить и провести виртуальную экскурсию о профессиях нефтегазовой отрасли: "
            "материалы, вопросы для беседы, продуктивные задания после экскурсии.",
            [
                ("Волкова Анна Михайловна", "старший воспитатель"),
                ("Тимофеева Юлия Александровна", "воспитатель"),
            ],
            ["pdf"],
        ),
        (
            "professions-cards",
            "Дидактические карточки «Кем быть?»",
            "didactic",
            ["world-around"],
            ["preschool"],
            "воспитатели",
            "Комплект карточек с профессиями, инструментами и местами работы для настольных игр "
            "и бесед с детьми 5–7 лет.",
            [("Тимофеева Юлия Александровна", "воспитатель")],
            ["docx"],
        ),
    ],
    "digital-sosh13": [
        (
            "my-school-guide",
            "Использование ФГИС «Моя школа» на уроке: методические рекомендации",
            "recommendations",
            ["informatics", "interdisciplinary"],
            ["basic", "secondary"],
            "учителя-предметники",
            "Сценарии уроков с цифровыми сервисами ФГИС «Моя школа»: библиотека цифрового образовательного "
            "контента, электронный журнал, обратная связь с обучающимися.",
            [("Никитин Павел Олегович", "учитель информатики")],
            ["pdf", "docx"],
        ),
        (
            "safe-internet",
            "Сценарий классного часа «Безопасность в сети»",
            "scenario",
            ["informatics"],
            ["primary", "basic"],
            "классные руководители",
            "Классный час для 4–6 классов: персональные данные, мошенничество, кибербуллинг; "
            "интерактивные задания и памятка для родителей.",
            [
                ("Никитин Павел Олегович", "учитель информатики"),
                ("Абрамова Ксения Игоревна", "социальный педагог"),
            ],
            ["pdf"],
        ),
        (
            "digital-presentation",
            "Презентация «Цифровые сервисы для формирующего оценивания»",
            "presentation",
            ["informatics"],
            ["basic", "secondary"],
            "учителя-предметники",
            "Обзор сервисов для быстрых опросов, интерактивных рабочих листов и электронного портфолио "
            "с примерами заданий по предметам.",
            [("Никитин Павел Олегович", "учитель информатики")],
            ["docx"],
        ),
    ],
}

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

NEWS = [
    (
        "seminar-practicum",
        "Состоялся городской семинар-практикум",
        "На базе ресурсного центра прошёл семинар-практикум для педагогов школ и детских садов города: "
        "участники разобрали практические кейсы и получили методические материалы.",
        5,
    ),
    (
        "half-year-results",
        "Итоги работы ресурсного центра за первое полугодие",
        "Центр подвёл итоги: проведены мероприятия для педагогов, опубликованы новые методические материалы, "
        "оказаны консультации образовательным организациям.",
        30,
    ),
    (
        "new-academic-year",
        "Ресурсный центр начинает работу в новом учебном году",
        "Утверждён план работы на учебный год; приглашаем педагогов к участию в мероприятиях и обмене практиками.",
        80,
    ),
]


def collection_for(center):
    return getattr(center, "collection", None) or Collection.get_first_root_node()


def ensure_document(center, title, kind, paragraphs):
    """The center's demo file with `title` and `kind`, made once and found again by title in its collection."""
    collection = collection_for(center)
    extension = "pdf" if kind == "pdf" else "docx"
    existing = CenterDocument.objects.filter(
        collection=collection, title=title, file__endswith=f".{extension}"
    ).first()
    if existing:
        return existing
    data = build_pdf(title, paragraphs) if kind == "pdf" else build_docx(title, paragraphs)
    document = CenterDocument(title=title, collection=collection)
    document.file.save(f"{center.slug}-{kind}.{extension}", ContentFile(data), save=False)
    document.file_size = len(data)
    document.save()
    return document


def add_published(parent, page, first_published_at):
    parent.add_child(instance=page)
    page.first_published_at = first_published_at
    page.save_revision().publish()
    return page


def build_materials(center, index, references, now):
    types, subjects, levels = references
    organization = center.organization.full_name
    for number, (
        slug,
        title,
        type_slug,
        subject_slugs,
        level_slugs,
        audience,
        abstract,
        authors,
        kinds,
    ) in enumerate(MATERIALS.get(center.slug, [])):
        if MaterialPage.objects.child_of(index).filter(slug=slug).exists():
            continue
        paragraphs = [abstract, f"Авторы: {', '.join(name for name, _ in authors)}. {organization}."]
        page = MaterialPage(
            title=title,
            slug=slug,
            abstract=abstract,
            material_type=types[type_slug],
            audience=audience,
            year=now.year - (number % 2),
        )
        page.subjects = [subjects[s] for s in subject_slugs]
        page.levels = [levels[s] for s in level_slugs]
        page.authors = [
            MaterialAuthor(name=name, position=position, organization=organization)
            for name, position in authors
        ]
        page.attachments = [
            MaterialAttachment(
                document=ensure_document(center, title, kind, paragraphs),
                caption="Текст материала (PDF)" if kind == "pdf" else "Редактируемая версия (DOCX)",
            )
            for kind in kinds
        ]
        page.keywords.add(types[type_slug].name.lower(), center.direction.name.lower())
        add_published(index, page, now - datetime.timedelta(days=7 * number + 1))


def build_news(center, index, now):
    for slug, title, lead, days_ago in NEWS:
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


def build_plan(center, now):
    year_start = academic_year_start(now.date())
    school_year = f"{year_start.year}/{year_start.year + 1}"
    if ContentPage.objects.child_of(center).filter(slug="plan").exists():
        return  # a StreamField never compares equal to its raw value, so ensure_child would publish again
    ensure_child(
        center,
        ContentPage,
        "plan",
        title=f"План работы на {school_year} учебный год",
        lead=f"Мероприятия ресурсного центра для педагогов города на {school_year} учебный год.",
        body=[
            ("heading", {"text": "Организационно-методическая работа", "level": "h2"}),
            (
                "paragraph",
                "<ul><li>Сентябрь: установочное совещание координаторов</li>"
                "<li>Ноябрь: городской семинар-практикум</li>"
                "<li>Февраль: мастер-классы педагогов-участников</li>"
                "<li>Апрель: научно-практическая конференция</li></ul>",
            ),
            ("heading", {"text": "Информационно-методическая работа", "level": "h2"}),
            (
                "paragraph",
                "<p>Подготовка методических рекомендаций, консультации, публикация материалов на портале.</p>",
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
        materials = ensure_child(
            center,
            MaterialIndexPage,
            MaterialIndexPage.section_slug,
            title=MaterialIndexPage.section_title,
        )
        build_materials(center, materials, references, now)
        news = ensure_child(
            center, NewsIndexPage, NewsIndexPage.section_slug, title=NewsIndexPage.section_title
        )
        build_news(center, news, now)
        build_project(center, now)
        build_plan(center, now)
    build_communities(centers)


COMMUNITIES = [
    (
        "mathematics",
        "Городское сообщество учителей математики",
        "mathematics",
        ["basic", "secondary"],
        "Сообщество объединяет учителей математики школ города: обмен заданиями по математической грамотности, "
        "подготовка к ГИА, сопровождение молодых учителей.",
        ("Осипов Денис Валерьевич", "учитель математики высшей категории", "МБОУ «Лицей № 1»"),
        ["literacy-lyceum1", "mentoring-sosh1"],
    ),
    (
        "informatics-technology",
        "Городское сообщество учителей информатики и технологии",
        "informatics",
        ["basic", "secondary", "additional"],
        "Учителя информатики, технологии и педагоги дополнительного образования: робототехника, "
        "цифровые сервисы урока, инженерные проекты школьников.",
        ("Ахмедов Тимур Рашидович", "методист", "МБУ ДО «Центр дополнительного образования «Поиск»"),
        ["stem-poisk", "digital-sosh13"],
    ),
]


def build_communities(centers):
    if not centers:
        return
    home = centers[0].get_parent().get_parent()
    index = ensure_child(
        home,
        CommunityIndexPage,
        "communities",
        title="Городские предметные сообщества",
        intro="Сообщества педагогов города, которые поддерживают ресурсные центры: планы, материалы, заседания.",
        show_in_menus=True,
    )
    by_slug = {center.slug: center for center in centers}
    for slug, title, subject, level_slugs, description, leader, center_slugs, *_ in COMMUNITIES:
        if CommunityPage.objects.child_of(index).filter(slug=slug).exists():
            continue
        supporting = [by_slug[s] for s in center_slugs if s in by_slug]
        page = CommunityPage(
            title=title,
            slug=slug,
            subject=Subject.objects.get(slug=subject),
            description=description,
            leader_name=leader[0],
            leader_position=leader[1],
            leader_organization=leader[2],
            plan=[
                (
                    "paragraph",
                    "<ol><li>Август: секция городской педагогической конференции</li>"
                    "<li>Октябрь: заседание сообщества, анализ результатов ГИА</li>"
                    "<li>Январь: открытые уроки участников</li>"
                    "<li>Май: итоговое заседание, план на следующий год</li></ol>",
                )
            ],
        )
        page.levels = list(EducationLevel.objects.filter(slug__in=level_slugs))
        page.centers = supporting
        page.member_organizations = list(Organization.objects.filter(kind="school"))
        page.materials = [
            CommunityMaterial(material=material)
            for material in MaterialPage.objects.live().filter(center__in=supporting).order_by("pk")[:3]
        ]
        add_published(index, page, timezone.now())
    link_community_meetings(index)


# community slug -> (host center slug, event slug) of the demo events that are the community's meetings
COMMUNITY_MEETINGS = {
    "mathematics": [("literacy-lyceum1", "math-community")],
    "informatics-technology": [
        ("stem-poisk", "master-class-robotics"),
        ("stem-poisk", "webinar-3d"),
        ("digital-sosh13", "seminar-my-school"),
    ],
}


def link_community_meetings(index):
    """Point the demo events at their communities (a new published revision), once; reruns change nothing."""
    for community_slug, events in COMMUNITY_MEETINGS.items():
        community = CommunityPage.objects.child_of(index).filter(slug=community_slug).first()
        if community is None:
            continue
        for center_slug, event_slug in events:
            event = EventPage.objects.filter(host_center__slug=center_slug, slug=event_slug).first()
            if event is None or event.community_id == community.pk:
                continue
            event.community = community
            event.save_revision().publish()
