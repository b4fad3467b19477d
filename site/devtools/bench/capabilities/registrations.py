"""Registrations: teachers signed up for the seeded events' meetings, the way a busy registration season leaves them.

Every meeting gets its share in turn; within a meeting the first `capacity` active ones are confirmed, the rest wait
in line with ticket numbers, and one in ten is cancelled. Meetings that have ended have attendance marked. Names,
positions and schools are combined from lists, so that a million rows do not look alike. On PostgreSQL the rows go
in with COPY (a million in about a minute), elsewhere with `bulk_create`.
"""

import datetime
import ipaddress

from django.db import connection
from django.utils import timezone

from centers.events.registration import CONSENT_KIND
from centers.models import EventOccurrence, Registration
from centers.privacy.consent import current_version
from portal.devtools.bench.registry import seed_step
from portal.devtools.bench.seeding import BATCH_SIZE

# Surnames and patronymic stems in the masculine form; a woman's takes -а and -на, a man's patronymic -ич.
MALE_SURNAMES = (
    "Иванов Петров Смирнов Кузнецов Попов Васильев Соколов Михайлов Новиков Фёдоров Морозов Волков "
    "Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин "
    "Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин Фролов "
    "Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков Сорокин Виноградов Ковалёв Белов "
    "Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев Герасимов Богданов Осипов "
    "Сидоров Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов Мельников Денисов Гаврилов Тихонов "
    "Казаков Афанасьев Данилов Савельев Тимофеев Фомин Чернов Абрамов Мартынов Ефимов Федотов Щербаков "
    "Назаров Калинин Исаев Чернышёв Быков Маслов Родионов Коновалов Лазарев Воронин Климов Филатов "
    "Пономарёв Голубев Кудрявцев Прохоров Наумов Потапов Журавлёв Овчинников Трофимов Леонов Соболев "
    "Ермаков Колесников Гончаров Емельянов Никифоров Грачёв Котов Гришин Ахмедов Галиев Хабибуллин Сафин "
    "Гарипов Мухаметов Шарипов Валиев Юсупов Каримов"
).split()
MALE_NAMES = (
    "Александр Алексей Андрей Артём Владимир Дмитрий Евгений Иван Игорь Константин Максим Михаил Николай "
    "Олег Павел Роман Сергей Юрий Ринат Тимур Руслан Ильдар Виктор Денис Антон Кирилл Степан Фёдор "
    "Григорий Вадим"
).split()
FEMALE_NAMES = (
    "Анна Елена Ольга Наталья Татьяна Ирина Светлана Мария Юлия Екатерина Марина Людмила Галина Надежда "
    "Оксана Валентина Лариса Гульнара Альфия Эльвира Дарья Ксения Анастасия Виктория Евгения Алёна Лилия "
    "Зульфия Вера Любовь"
).split()
PATRONYMIC_STEMS = (
    "Александров Алексеев Андреев Викторов Владимиров Дмитриев Евгеньев Иванов Игорев Михайлов Николаев "
    "Олегов Павлов Сергеев Юрьев Рашидов Ильдаров Фаритов Анатольев Васильев Геннадьев Петров Валерьев "
    "Борисов"
).split()
POSITIONS = [
    "учитель начальных классов",
    "учитель математики",
    "учитель русского языка и литературы",
    "учитель истории и обществознания",
    "учитель физики",
    "учитель химии",
    "учитель биологии",
    "учитель английского языка",
    "учитель информатики",
    "учитель физической культуры",
    "учитель технологии",
    "учитель музыки",
    "учитель-логопед",
    "учитель-дефектолог",
    "педагог-психолог",
    "социальный педагог",
    "воспитатель",
    "старший воспитатель",
    "музыкальный руководитель",
    "инструктор по физической культуре",
    "педагог дополнительного образования",
    "педагог-организатор",
    "тьютор",
    "методист",
    "заместитель директора по учебно-воспитательной работе",
    "заместитель заведующего по воспитательной работе",
]
ORGANIZATION_KINDS = [
    ("МБОУ «Средняя общеобразовательная школа № {}»", 30),
    ("МАОУ «Лицей № {}»", 5),
    ("МБОУ «Гимназия № {}»", 4),
    ("МАДОУ «Детский сад № {}»", 60),
    ("МБДОУ «Детский сад комбинированного вида № {}»", 20),
    ("МБУ ДО «Центр дополнительного образования № {}»", 6),
    ("МБОУ «Начальная общеобразовательная школа № {}»", 3),
]
CANCELLED_EVERY = 10  # one registration in ten has been cancelled
NOT_ATTENDED_EVERY = 6  # of the confirmed ones of a past meeting, one in six did not come


def organizations():
    return [
        template.format(number) for template, count in ORGANIZATION_KINDS for number in range(1, count + 1)
    ]


def person(number):
    """A plausible teacher for the `number`th registration: name agreeing in gender, position, school."""
    surname = MALE_SURNAMES[number % len(MALE_SURNAMES)]
    stem = PATRONYMIC_STEMS[(number // 7) % len(PATRONYMIC_STEMS)]
    if number % 5:  # most teachers are women
        name = FEMALE_NAMES[(number // 3) % len(FEMALE_NAMES)]
        full_name = f"{surname}а {name} {stem}на"
    else:
        name = MALE_NAMES[(number // 3) % len(MALE_NAMES)]
        full_name = f"{surname} {name} {stem}ич"
    return full_name, POSITIONS[(number // 11) % len(POSITIONS)]


def registration_row(number, occurrence, rank, capacity, schools, now, consent_version=None):
    """Column values of the `number`th registration, the `rank`th of its meeting (counting from 0)."""
    full_name, position = person(number)
    cancelled = rank % CANCELLED_EVERY == CANCELLED_EVERY - 1
    active_before = rank - (rank + 1) // CANCELLED_EVERY  # active registrations ahead of this one
    created_at = occurrence.start - datetime.timedelta(days=20, minutes=-rank * 7)
    if cancelled:
        status, waitlist_position = Registration.Status.CANCELLED, None
    elif capacity is None or active_before < capacity:
        status, waitlist_position = Registration.Status.CONFIRMED, None
    else:
        status, waitlist_position = Registration.Status.WAITLISTED, active_before - capacity + 1
    confirmed = status == Registration.Status.CONFIRMED
    return {
        "occurrence_id": occurrence.pk,
        "status": status,
        "waitlist_position": waitlist_position,
        "full_name": full_name,
        "position": position,
        "organization": schools[number % len(schools)],
        "email": f"teacher{number}@example.ru",
        "phone": f"+7 (912) {number // 10000 % 1000:03d}-{number // 100 % 100:02d}-{number % 100:02d}",
        "consent_given_at": created_at,
        "consent_ip": str(ipaddress.IPv4Address(0x0A000000 + number % 0xFFFFFF)),
        "consent_version": consent_version or current_version(CONSENT_KIND),
        "created_at": created_at,
        "confirmed_at": created_at if confirmed else None,
        "cancelled_at": created_at + datetime.timedelta(days=2) if cancelled else None,
        "attended": (number % NOT_ATTENDED_EVERY != 0) if confirmed and occurrence.end < now else None,
        "reminder_sent_at": None,
        "feedback_requested_at": None,
        "anonymized_at": None,
    }


def copy_rows(rows, columns):
    """PostgreSQL COPY of the dicts `rows`, through Django's connection (psycopg 3)."""
    table = connection.ops.quote_name(Registration._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[column] for column in columns])


@seed_step(
    "registrations",
    help="ensure this many registrations, spread over the events' meetings",
    small=500,
    large=1_000_000,
    order=40,
)
def seed_registrations(count, progress):
    existing = Registration.objects.count()
    missing = count - existing
    if missing <= 0:
        return 0
    meetings = list(EventOccurrence.objects.filter(is_cancelled=False).select_related("event").order_by("pk"))
    if not meetings:
        return 0
    schools = organizations()
    now = timezone.now()
    consent_version = current_version(CONSENT_KIND)
    use_copy = connection.vendor == "postgresql"
    columns = [field.column for field in Registration._meta.concrete_fields if not field.primary_key]
    chunk = BATCH_SIZE * 50 if use_copy else BATCH_SIZE
    with progress(missing) as bar:
        for start in range(existing, count, chunk):
            numbers = range(start, min(start + chunk, count))
            # Registration n goes to meeting n mod M as its (n div M)th; a rerun continues where it stopped.
            rows = [
                registration_row(
                    number,
                    meetings[number % len(meetings)],
                    number // len(meetings),
                    meetings[number % len(meetings)].event.capacity,
                    schools,
                    now,
                    consent_version,
                )
                for number in numbers
            ]
            if use_copy:
                copy_rows(rows, columns)
            else:
                Registration.objects.bulk_create((Registration(**row) for row in rows), batch_size=BATCH_SIZE)
            bar.update(len(rows))
    return missing
