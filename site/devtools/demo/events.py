"""Demo events: past and upcoming in every center, a monthly community meeting, some full with a waiting list."""

import datetime

from django.utils import timezone

from centers.events.registration import CONSENT_KIND
from centers.models import (
    CalendarPage,
    CenterPage,
    EducationLevel,
    EventException,
    EventFormat,
    EventIndexPage,
    EventPage,
    EventSpeaker,
    Registration,
    Subject,
)
from centers.privacy.consent import current_version, record_consents

from .centers import content_time
from .site_tree import ensure_child

SURNAMES = [
    ("Иванова", "Мария", "Сергеевна"),
    ("Петров", "Алексей", "Викторович"),
    ("Сидорова", "Елена", "Андреевна"),
    ("Кузнецова", "Ольга", "Николаевна"),
    ("Смирнов", "Дмитрий", "Игоревич"),
    ("Попова", "Анна", "Владимировна"),
    ("Васильева", "Татьяна", "Юрьевна"),
    ("Новиков", "Артём", "Павлович"),
    ("Фёдорова", "Наталья", "Александровна"),
    ("Морозова", "Ирина", "Олеговна"),
    ("Волков", "Сергей", "Михайлович"),
    ("Алексеева", "Светлана", "Рашидовна"),
    ("Лебедев", "Ринат", "Ильдарович"),
    ("Семёнова", "Гульнара", "Фаритовна"),
    ("Егорова", "Юлия", "Дмитриевна"),
]
POSITIONS = ["учитель начальных классов", "учитель математики", "педагог-психолог", "воспитатель", "тьютор"]
# As teachers type them; every one matches the registry (demo/centers.py) once case, quotes and № are normalised.
ORGANIZATIONS = [
    "СОШ № 1",
    "лицей №1",
    "Детский сад № 26",
    "МБОУ «Средняя общеобразовательная школа № 5 «Многопрофильная»",
    "СОШ №13",
    "детский сад № 9",
]

# center slug -> [(slug, format slug, title, summary, days from today, hour, hours long, capacity, seeded)]
EVENTS = {
    "inclusive-sosh5": [
        (
            "conference-inclusion",
            "conference",
            "Научно-практическая конференция «Инклюзия: от теории к практике»",
            "Опыт школ и детских садов города по сопровождению детей с ОВЗ: адаптированные программы, "
            "тьюторское сопровождение, взаимодействие с родителями.",
            21,
            10,
            5,
            12,
            14,
        ),
        (
            "seminar-aop",
            "seminar",
            "Семинар «Адаптированная основная общеобразовательная программа: структура и содержание»",
            "Разбор требований ФАОП и примеров программ для обучающихся с ЗПР и ТНР.",
            -40,
            14,
            2,
            None,
            6,
        ),
    ],
    "literacy-lyceum1": [
        (
            "practicum-reading",
            "practicum",
            "Практикум «Читательская грамотность на уроках в 5–9 классах»",
            "Работа с текстами PISA-формата: составление заданий, критерии оценивания.",
            10,
            15,
            2,
            20,
            5,
        ),
        (
            "round-table-results",
            "round-table",
            "Круглый стол «Итоги региональной оценки функциональной грамотности»",
            "Обсуждение результатов и планирование работы методических объединений.",
            -25,
            15,
            2,
            None,
            4,
        ),
    ],
    "stem-poisk": [
        (
            "master-class-robotics",
            "master-class",
            "Мастер-класс «Робототехника на уроках технологии: первые шаги»",
            "Сборка и программирование базовой модели, идеи для проектной деятельности.",
            14,
            14,
            3,
            8,
            10,
        ),
        (
            "webinar-3d",
            "webinar",
            "Вебинар «3D-моделирование в дополнительном образовании»",
            "Обзор бесплатных программ и готовых занятий для 5–8 классов.",
            -12,
            16,
            1,
            None,
            3,
        ),
    ],
    "mentoring-sosh1": [
        (
            "school-young-teacher",
            "seminar-practicum",
            "Семинар-практикум «Школа молодого учителя: первый год в профессии»",
            "Планирование урока, дисциплина в классе, взаимодействие с родителями: разбор ситуаций.",
            7,
            15,
            2,
            25,
            6,
        ),
        (
            "mentors-club",
            "round-table",
            "Клуб наставников: «Как составить индивидуальный план развития»",
            "Обмен опытом наставнических пар.",
            -60,
            15,
            2,
            None,
            5,
        ),
    ],
    "preschool-ds26": [
        (
            "workshop-rpps",
            "workshop",
            "Педагогическая мастерская «Развивающая предметно-пространственная среда группы»",
            "Зонирование, материалы, участие детей в создании среды.",
            17,
            10,
            2,
            15,
            3,
        ),
        (
            "consultation-fop",
            "consultation",
            "Консультация «ФОП ДО: вопросы и ответы»",
            "Ответы на вопросы воспитателей о федеральной образовательной программе.",
            -8,
            13,
            1,
            None,
            2,
        ),
    ],
    "career-ds9": [
        (
            "master-class-professions",
            "master-class",
            "Мастер-класс «Игры-путешествия в мир профессий»",
            "Сюжетно-ролевые игры и проекты по ранней профориентации для старших групп.",
            28,
            10,
            2,
            20,
            4,
        ),
    ],
    "digital-sosh13": [
        (
            "seminar-my-school",
            "seminar",
            "Семинар «ФГИС „Моя школа“: электронный журнал и библиотека»",
            "Практические приёмы работы с сервисами платформы.",
            -200,
            15,
            2,
            None,
            5,
        ),
    ],
}


def people(count, offset=0):
    for number in range(count):
        surname, name, patronymic = SURNAMES[(number + offset) % len(SURNAMES)]
        yield {
            "full_name": f"{surname} {name} {patronymic}",
            "position": POSITIONS[number % len(POSITIONS)],
            "organization": ORGANIZATIONS[number % len(ORGANIZATIONS)],
            "email": f"participant{offset + number + 1}@example.ru",
            "phone": f"+7 (912) 500-{offset + number:02d}-{number:02d}",
        }


def at(day, hour):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def ensure_event(index, slug, **fields):
    """Create the event once; a rerun (even on a later day) leaves its dates and registrations alone."""
    existing = EventPage.objects.child_of(index).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    levels = fields.pop("levels", [])
    subjects = fields.pop("subjects", [])
    speakers = fields.pop("speakers", [])
    event = EventPage(slug=slug, **fields)
    event.levels.set(levels)
    event.subjects.set(subjects)
    event.speakers = [EventSpeaker(name=name, position=position) for name, position in speakers]
    index.add_child(instance=event)
    event.save_revision().publish()
    return event, True


def consent_of(registration):
    """The consent record a registration through the form would have left."""
    record_consents(
        [CONSENT_KIND],
        email=registration.email,
        name=registration.full_name,
        subject=registration,
        ip_address=registration.consent_ip,
        given_at=registration.consent_given_at,
    )


def seed_registrations(event, count, offset):
    """Registrations as if sent through the form: the first `capacity` confirmed, the rest waiting in line."""
    occurrence = event.occurrences.order_by("start").first()
    now = timezone.now()
    sent_at = min(now, occurrence.start - datetime.timedelta(days=3))  # the form closes before the meeting
    for number, person in enumerate(people(count, offset)):
        confirmed = event.capacity is None or number < event.capacity
        registration = Registration.objects.create(
            occurrence=occurrence,
            status=Registration.Status.CONFIRMED if confirmed else Registration.Status.WAITLISTED,
            waitlist_position=None if confirmed else number - event.capacity + 1,
            consent_given_at=sent_at,
            consent_ip="10.0.0.1",
            consent_version=current_version(CONSENT_KIND),
            confirmed_at=sent_at if confirmed else None,
            attended=(number % 4 != 0) if occurrence.end < now else None,
            **person,
        )
        consent_of(registration)


def events_index(center):
    return ensure_child(
        center,
        EventIndexPage,
        EventIndexPage.section_slug,
        title="Мероприятия",
        intro="Конференции, семинары, практикумы и мастер-классы центра для педагогов города.",
    )


def program_of(hour, hours):
    """The event's programme block: the opening, the main part, reflection and results."""
    items = [
        {"start": f"{hour:02d}:00", "end": f"{hour:02d}:15", "title": "Открытие, приветствие"},
        {"start": f"{hour:02d}:15", "end": f"{hour + hours - 1:02d}:30", "title": "Основная часть"},
        {"start": f"{hour + hours - 1:02d}:30", "title": "Рефлексия, подведение итогов"},
    ]
    return [{"type": "program", "value": {"items": items}}]


def event_fields(center, row, references, today, centers):
    """The page fields of one EVENTS row at `center`, dated from `today` (with co_organizers if it has any)."""
    slug, format_slug, title, summary, days, hour, hours, capacity, _seeded = row
    formats, levels = references
    day = today + datetime.timedelta(days=days)
    preschool = center.direction.slug in ("preschool", "career")
    fields = {
        "title": title,
        "format": formats[format_slug],
        "start": at(day, hour),
        "end": at(day, hour + hours),
        "place": f"{center.organization.address}, актовый зал" if format_slug != "webinar" else "",
        "online_url": "https://vk.com/video" if format_slug == "webinar" else "",
        "summary": summary,
        "capacity": capacity,
        "registration_deadline": at(day - datetime.timedelta(days=1), 18) if days > 2 else None,
        "levels": [levels["preschool"]] if preschool else [levels["basic"], levels["primary"]],
        "speakers": [(center.contacts.first().name, center.contacts.first().position)]
        if center.contacts.exists()
        else [],
        "program": program_of(hour, hours),
    }
    if slug == "conference-inclusion":
        fields["co_organizers"] = [c for c in centers if c.slug in ("preschool-ds26", "mentoring-sosh1")]
        fields["subjects"] = []
    if days < 0:
        fields["materials"] = [
            {
                "type": "paragraph",
                "value": "<p>Презентации выступающих и методические материалы размещены по итогам "
                "мероприятия.</p>",
            }
        ]
    return fields


def build_events(home, centers):
    build_calendar(home)
    now = timezone.now()
    formats = {f.slug: f for f in EventFormat.objects.all()}
    levels = {lv.slug: lv for lv in EducationLevel.objects.all()}
    subjects = {s.slug: s for s in Subject.objects.all()}
    by_slug = {center.slug: center for center in centers}
    offset = 0
    events = []
    for center_slug, rows in EVENTS.items():
        center = by_slug.get(center_slug) or CenterPage.objects.get(slug=center_slug)
        index = events_index(center)
        for row in rows:
            slug, seeded = row[0], row[-1]
            dated = timezone.localdate(content_time(center, now))
            fields = event_fields(center, row, (formats, levels), dated, centers)
            co_organizers = fields.pop("co_organizers", [])
            event, created = ensure_event(index, slug, **fields)
            if created and co_organizers:
                event.co_organizers.set(co_organizers)
                event.save_revision().publish()
            if created and seeded:
                seed_registrations(event, seeded, offset)
            offset += seeded
            events.append(event)
    meetings_host = by_slug["literacy-lyceum1"]
    events.append(build_community_meeting(meetings_host, formats, levels, subjects, timezone.localdate(now)))
    return events


def build_community_meeting(center, formats, levels, subjects, today):
    """The city mathematics teachers' community: the second Wednesday of each month, September to May."""
    index = EventIndexPage.objects.child_of(center).get()
    first = datetime.date(today.year, today.month, 1) - datetime.timedelta(days=40)
    first = first.replace(day=1)
    while first.weekday() != 2:  # the first Wednesday...
        first += datetime.timedelta(days=1)
    first += datetime.timedelta(days=7)  # ...and the second
    event, created = ensure_event(
        index,
        "math-community",
        title="Заседание городского предметного сообщества учителей математики",
        format=formats["community-meeting"],
        start=at(first, 15),
        end=at(first, 17),
        place="г. Нефтеюганск, 9 микрорайон, д. 26, кабинет 214",
        summary="Ежемесячная встреча: разбор трудных заданий ОГЭ и ЕГЭ, обмен разработками уроков, "
        "подготовка к олимпиадам.",
        capacity=30,
        repeat=EventPage.Repeat.MONTHLY_WEEKDAY,
        repeat_count=9,
        levels=[levels["basic"], levels["secondary"]],
        subjects=[subjects["mathematics"], subjects["algebra"], subjects["geometry"]],
    )
    if created:
        skipped = event.occurrence_starts()[4].date()  # the winter holidays' meeting is not held
        event.exceptions = [EventException(date=skipped)]
        event.save_revision().publish()
        nxt = event.occurrences.filter(start__gt=timezone.now()).first()
        if nxt is not None:
            for person in people(4, offset=200):
                registration = Registration.objects.create(
                    occurrence=nxt,
                    status=Registration.Status.CONFIRMED,
                    consent_given_at=timezone.now(),
                    consent_ip="10.0.0.2",
                    consent_version=current_version(CONSENT_KIND),
                    confirmed_at=timezone.now(),
                    **person,
                )
                consent_of(registration)
    return event


def build_calendar(home):
    return ensure_child(
        home,
        CalendarPage,
        "calendar",
        title="Календарь мероприятий",
        intro="Мероприятия всех ресурсных центров города: конференции, семинары, практикумы, заседания сообществ.",
        show_in_menus=True,
    )
