"""Demo practice exchange and consultation requests for every center: published practices, one draft awaiting
moderation, and requests in each status."""

import datetime

from django.utils import timezone
from django.utils.html import linebreaks

from centers.common.slugs import unique_child_slug
from centers.models import (
    ConsentRecord,
    ConsultationRequest,
    EducationLevel,
    PracticeAuthor,
    PracticeIndexPage,
    PracticePage,
    Subject,
)
from centers.privacy.consent import record_consents

from .centers import content_time
from .site_tree import add_published, ensure_child

# center slug -> practices: slug, title, summary, problem, idea, method, results, authors, level slugs, subject slugs
PRACTICES = {
    "inclusive-sosh5": [
        (
            "tyutorskoe-soprovozhdenie",
            "Тьюторское сопровождение ученика с РАС в общеобразовательном классе",
            "Как организовать пребывание ребёнка с расстройством аутистического спектра на уроках без отдельного класса.",
            "Ученики с РАС теряют учебное время из-за сенсорных перегрузок, учителя не знают, как реагировать.",
            "Индивидуальный маршрут, визуальное расписание и «зона тишины» в кабинете.",
            "Тьютор ведёт дневник наблюдений, вместе с учителем адаптирует задания, ребёнок пользуется карточками PECS.",
            "За полугодие время активного участия в уроке выросло с 10 до 30 минут; снизилось число срывов.",
            [
                ("Гарипова Лилия Ринатовна", "заместитель директора по УВР"),
                ("Шарипова Эльвира Айдаровна", "тьютор"),
            ],
            ["primary"],
            ["interdisciplinary"],
        ),
        (
            "adaptirovannye-zadaniya-matematika",
            "Адаптированные задания по математике для обучающихся с ЗПР",
            "Банк разноуровневых заданий с опорными схемами для 5–6 классов.",
            "Обучающиеся с ЗПР не справляются с многошаговыми текстовыми задачами.",
            "Разбить задачу на шаги и дать опорную схему к каждому шагу.",
            "Учитель выдаёт карточку-алгоритм, ученик отмечает выполненные шаги; сложность растёт постепенно.",
            "Доля решённых задач выросла на 25 % по итогам контрольных работ.",
            [("Сафина Гульнара Ильдаровна", "учитель математики")],
            ["basic"],
            ["mathematics"],
        ),
    ],
    "literacy-lyceum1": [
        (
            "keys-metod-obshchestvoznanie",
            "Кейс-метод на уроках обществознания",
            "Реальные ситуации из жизни города как материал для формирования финансовой и правовой грамотности.",
            "Ученики заучивают определения, но не применяют их в жизненных ситуациях.",
            "Каждая тема начинается с кейса: договор аренды, покупка в кредит, обращение в управляющую компанию.",
            "Работа в группах по 4 человека: анализ документа, поиск решения, защита позиции, рефлексия.",
            "Результаты диагностики функциональной грамотности выросли с 48 до 63 % за учебный год.",
            [("Белова Ирина Николаевна", "учитель обществознания")],
            ["basic", "secondary"],
            ["social-studies"],
        ),
        (
            "smyslovoe-chtenie-biologiya",
            "Смысловое чтение на уроках биологии",
            "Приёмы работы с несплошными текстами: таблицами, схемами, инфографикой.",
            "Ученики не умеют извлекать информацию из графиков и таблиц.",
            "Использовать на каждом уроке один несплошной текст и вопросы трёх уровней.",
            "Приём «Инсерт», составление кластера, перевод таблицы в текст и обратно.",
            "Задания PISA-подобного формата выполняют 70 % учеников против 45 % в начале года.",
            [("Котова Анна Сергеевна", "учитель биологии"), ("Латыпова Диляра Радиковна", "учитель химии")],
            ["basic"],
            ["biology", "interdisciplinary"],
        ),
    ],
    "stem-poisk": [
        (
            "robototehnika-fizika",
            "Робототехника на уроках физики: лабораторные с датчиками",
            "Цифровые датчики и конструкторы для измерений, которые раньше были только в учебнике.",
            "В школе нет оборудования для точных измерений скорости и ускорения.",
            "Собрать измерительные установки из образовательного конструктора.",
            "Ученики собирают тележку с датчиком расстояния, записывают данные и строят графики в электронной таблице.",
            "Проведено 8 новых лабораторных работ; 12 учеников вышли на городскую олимпиаду по физике.",
            [("Ахмедов Тимур Рашидович", "методист"), ("Ковалёв Павел Игоревич", "учитель физики")],
            ["basic", "additional"],
            ["physics", "technology"],
        ),
        (
            "inzhenernye-keysy",
            "Инженерные кейсы для 7–9 классов",
            "Задачи от предприятий города, которые школьники решают командами.",
            "Проектная деятельность оторвана от реального производства.",
            "Взять задачи у нефтяных и энергетических предприятий и адаптировать их под школьников.",
            "Каждый кейс длится 4 недели: погружение, исследование, прототип, защита перед инженерами.",
            "Выполнено 14 командных проектов, 3 прототипа переданы предприятиям.",
            [("Гусейнова Лейла Эльдаровна", "педагог дополнительного образования")],
            ["basic", "additional"],
            ["technology", "informatics"],
        ),
    ],
    "mentoring-sosh1": [
        (
            "nastavnichestvo-molodoy-pedagog",
            "Модель «учитель — молодой специалист» в первый год работы",
            "Программа адаптации молодого учителя с регулярными взаимопосещениями уроков.",
            "Треть молодых учителей уходят из школы в первые три года.",
            "Закрепить за каждым молодым специалистом наставника и план на год.",
            "Еженедельная встреча, взаимопосещение двух уроков в месяц, совместная разработка рабочей программы.",
            "Все 6 молодых специалистов продолжили работу на второй год.",
            [("Иванова Ольга Петровна", "директор"), ("Мельникова Светлана Юрьевна", "учитель-наставник")],
            ["primary", "basic"],
            ["interdisciplinary"],
        ),
        (
            "uchenik-ucheniku",
            "Наставничество «ученик — ученик» при подготовке к ОГЭ",
            "Старшеклассники помогают девятиклассникам в подготовке к экзамену по математике.",
            "Не у всех девятиклассников есть возможность заниматься с репетитором.",
            "Организовать пары из учеников 10–11 классов и 9 класса.",
            "Занятия два раза в неделю после уроков по плану, который составил учитель математики.",
            "Средний балл ОГЭ по математике в группе вырос с 3,4 до 3,9.",
            [("Федорова Марина Алексеевна", "учитель математики")],
            ["basic", "secondary"],
            ["mathematics"],
        ),
    ],
    "preschool-ds26": [
        (
            "sensornaya-tropa",
            "Сенсорная тропа на прогулочном участке",
            "Развитие тактильного восприятия и координации у детей 3–5 лет.",
            "У детей снижена двигательная активность на прогулке.",
            "Оборудовать на участке дорожку из разных природных материалов.",
            "Воспитатели проводят игры-путешествия по тропе, родители участвуют в оформлении.",
            "Показатели физического развития по итогам мониторинга улучшились у 80 % детей группы.",
            [("Гайнуллина Алсу Ринатовна", "заведующий"), ("Смирнова Оксана Викторовна", "воспитатель")],
            ["preschool"],
            [],
        ),
        (
            "lego-konstruirovanie",
            "Лего-конструирование в старшей группе",
            "Конструирование по схемам как подготовка к школе.",
            "Дети плохо ориентируются на плоскости и в пространстве.",
            "Использовать конструктор для заданий по схеме и по замыслу.",
            "Занятия раз в неделю: постройка по образцу, по схеме, затем по собственному замыслу с рассказом.",
            "90 % выпускников группы успешно справились с диагностикой пространственного мышления.",
            [("Николаева Юлия Андреевна", "воспитатель")],
            ["preschool"],
            [],
        ),
    ],
    "career-ds9": [
        (
            "professii-nashego-goroda",
            "«Профессии нашего города»: ранняя профориентация дошкольников",
            "Знакомство детей с профессиями родителей через встречи и сюжетно-ролевые игры.",
            "Представления детей о профессиях ограничены сказочными образами.",
            "Пригласить родителей рассказать о своей работе и превратить рассказ в игру.",
            "Раз в месяц встреча с родителем, затем неделя сюжетно-ролевой игры и экскурсия.",
            "Дети называют и описывают в среднем 12 профессий вместо 4 в начале года.",
            [
                ("Соколова Наталья Ивановна", "заведующий"),
                ("Ахметова Зарина Руслановна", "старший воспитатель"),
            ],
            ["preschool"],
            [],
        ),
        (
            "kvest-professiy",
            "Квест «Город мастеров»",
            "Игровой квест по станциям-профессиям для подготовительных групп.",
            "Детям трудно удерживать интерес к беседам о профессиях.",
            "Построить знакомство с профессиями как игру-путешествие.",
            "Шесть станций с заданиями от «мастеров», маршрутный лист и итоговое награждение.",
            "Квест проведён в 5 детских садах города.",
            [("Волкова Елена Михайловна", "музыкальный руководитель")],
            ["preschool"],
            [],
        ),
    ],
    "digital-sosh13": [
        (
            "cifrovoe-portfolio",
            "Цифровое портфолио ученика",
            "Сбор достижений ученика в электронном виде с первого класса.",
            "Бумажные портфолио теряются и не помогают ученику видеть свой рост.",
            "Вести портфолио в электронной среде школы с участием ученика и родителей.",
            "Ученик раз в четверть выбирает работы для портфолио и пишет короткую рефлексию.",
            "Портфолио ведут 420 учеников; родители оценили его полезность на 4,6 из 5.",
            [("Петров Андрей Сергеевич", "директор"), ("Юсупова Алина Маратовна", "учитель информатики")],
            ["primary", "basic"],
            ["informatics"],
        ),
        (
            "smeshannoe-obuchenie",
            "Смешанное обучение: модель «перевёрнутый класс»",
            "Теория дома по видеоурокам, практика в классе.",
            "На уроке не хватает времени на практику и индивидуальную помощь.",
            "Перенести объяснение нового материала в короткие видео для просмотра дома.",
            "Учитель записывает видео по 7–10 минут, в классе ученики решают задачи в группах.",
            "Время практики на уроке выросло вдвое, средний балл по алгебре — на 0,4.",
            [("Кузьмина Татьяна Олеговна", "учитель математики")],
            ["basic"],
            ["algebra"],
        ),
    ],
}

SUBMITTED = (
    "Образовательный квиз на уроках истории",
    "Ученики быстро забывают даты и события.",
    "Закреплять материал в форме командной игры-квиза.",
    "Каждую пятницу 15 минут урока занимает квиз из 10 вопросов по пройденной теме.",
    "Результаты проверочных работ по истории выросли на 15 %.",
    ("Тихонова Вера Павловна", "учитель истории"),
    "МБОУ «СОШ № 1»",
    "tikhonova@example.ru",
)

CONSULTATIONS = [
    (
        ConsultationRequest.Status.NEW,
        "Разработка адаптированной рабочей программы",
        "Подскажите, с чего начать разработку адаптированной программы для ученика с ЗПР во 2 классе?",
        "МБОУ «СОШ № 13»",
        "Лаптева Ирина Васильевна",
        "lapteva@example.ru",
    ),
    (
        ConsultationRequest.Status.IN_PROGRESS,
        "Участие в городском семинаре",
        "Можно ли выступить с опытом работы на ближайшем семинаре центра и как подать заявку?",
        "МАДОУ «Детский сад № 9 «Радуга»",
        "Степанова Дарья Игоревна",
        "stepanova@example.ru",
    ),
    (
        ConsultationRequest.Status.ANSWERED,
        "Оформление методической разработки",
        "Какие требования к оформлению методической разработки для размещения на сайте центра?",
        "МБОУ «Лицей № 1»",
        "Романов Кирилл Евгеньевич",
        "romanov@example.ru",
    ),
]


def rich(text):
    return linebreaks(text, autoescape=True)


def build_practices(centers):
    levels = {level.slug: level for level in EducationLevel.objects.all()}
    subjects = {subject.slug: subject for subject in Subject.objects.all()}
    for center in centers:
        index = ensure_child(
            center,
            PracticeIndexPage,
            PracticeIndexPage.section_slug,
            title="Обмен практиками",
            intro="Педагогические практики, проверенные в школах и детских садах города. Пришлите свою практику — "
            "после модерации она появится здесь.",
        )
        for (
            slug,
            title,
            summary,
            problem,
            idea,
            method,
            results,
            authors,
            level_slugs,
            subject_slugs,
        ) in PRACTICES.get(center.slug, []):
            if PracticePage.objects.child_of(index).filter(slug=slug).exists():
                continue
            page = PracticePage(
                slug=slug,
                title=title,
                summary=summary,
                problem=rich(problem),
                idea=rich(idea),
                method=rich(method),
                results=rich(results),
                author_organization=center.organization.full_name,
                authors=[
                    PracticeAuthor(name=name, position=position, organization=center.organization.full_name)
                    for name, position in authors
                ],
            )
            page.levels = [levels[item] for item in level_slugs if item in levels]
            page.subjects = [subjects[item] for item in subject_slugs if item in subjects]
            add_published(index, page, content_time(center, timezone.now()))
        build_consultations(center)
    if centers:
        build_submitted_draft(PracticeIndexPage.objects.child_of(centers[0]).get())


def build_submitted_draft(index):
    """A practice a teacher sent in: a draft, in the moderation workflow when one is set up."""
    title, problem, idea, method, results, (name, position), organization, email = SUBMITTED
    if PracticePage.objects.child_of(index).filter(title=title).exists():
        return
    page = PracticePage(
        title=title,
        slug=unique_child_slug(index, title, fallback="practice"),
        live=False,
        problem=rich(problem),
        idea=rich(idea),
        method=rich(method),
        results=rich(results),
        author_organization=organization,
        submitter_email=email,
        submitted_at=timezone.now() - datetime.timedelta(days=1),
        authors=[PracticeAuthor(name=name, position=position, organization=organization)],
    )
    page.subjects = list(Subject.objects.filter(slug="history"))
    page.levels = list(EducationLevel.objects.filter(slug="basic"))
    index.add_child(instance=page)
    page.save_revision()
    record_consents(
        [ConsentRecord.Kind.PERSONAL_DATA, ConsentRecord.Kind.PUBLICATION],
        email=email,
        subject=page,
        ip_address="192.0.2.10",
        name=name,
    )
    workflow = page.get_workflow()
    if workflow is not None:
        workflow.start(page, None)


def build_consultations(center):
    """Requests in every status; a center whose term ended has only answered ones, from within its term."""
    dated = content_time(center, timezone.now())
    for status, topic, question, organization, name, email in CONSULTATIONS:
        if center.term_has_ended and status != ConsultationRequest.Status.ANSWERED:
            continue
        request, created = ConsultationRequest.objects.get_or_create(
            center=center,
            topic=topic,
            defaults={
                "question": question,
                "organization": organization,
                "name": name,
                "email": email,
                "status": status,
            },
        )
        if not created:
            continue
        if status == ConsultationRequest.Status.ANSWERED:
            request.answer = (
                "Требования к оформлению приведены в положении о банке практик: титульный лист, аннотация, "
                "описание хода работы и приложения в формате PDF или DOCX."
            )
            request.answered_at = dated
            request.save()
            if dated < request.created_at:
                ConsultationRequest.objects.filter(pk=request.pk).update(
                    created_at=dated - datetime.timedelta(days=6)
                )
        record_consents(
            [ConsentRecord.Kind.PERSONAL_DATA],
            email=email,
            subject=request,
            ip_address="192.0.2.20",
            name=name,
        )
