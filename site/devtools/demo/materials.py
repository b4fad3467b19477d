"""Demo materials of every center, each with real PDF/DOCX files. Idempotent: pages are found by slug,
documents by title in their center's collection."""

import datetime

from django.core.files.base import ContentFile
from wagtail.models import Collection

from centers.models import CenterDocument, MaterialAttachment, MaterialAuthor, MaterialPage

from .documents import build_docx, build_pdf
from .site_tree import add_published

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


def collection_for(center):
    return getattr(center, "collection", None) or Collection.get_first_root_node()


def readable_file_name(title, extension, limit=60):
    """The file name a teacher downloads: the document's title (cut at a word within `limit` characters), so the
    download reads «Цифровая_образовательная_среда.pdf» (Wagtail sends it as filename* in UTF-8), not a slug."""
    name = title if len(title) <= limit else title[:limit].rsplit(" ", 1)[0]
    return f"{name.strip(' .,:;«»')}.{extension}"


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
    document.file.save(readable_file_name(title, extension), ContentFile(data), save=False)
    document.file_size = len(data)
    document.save()
    return document


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
