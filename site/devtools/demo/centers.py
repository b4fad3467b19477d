"""Demo organizations, directions and centers of Nefteyugansk, with terms relative to today."""

import datetime
import io

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image

from centers.models import CenterContact, Direction, Organization
from centers.roles.provisioning import provision_center

ORGANIZATIONS = [
    (
        "МБОУ «Средняя общеобразовательная школа № 1»",
        "СОШ № 1",
        "school",
        "16 микрорайон, д. 1",
        "Иванова Ольга Петровна",
    ),
    (
        "МБОУ «Средняя общеобразовательная школа № 5 «Многопрофильная»",
        "СОШ № 5",
        "school",
        "5 микрорайон, д. 4",
        "Сафин Руслан Маратович",
    ),
    ("МБОУ «Лицей № 1»", "Лицей № 1", "school", "9 микрорайон, д. 26", "Кузнецова Елена Викторовна"),
    (
        "МБОУ «Средняя общеобразовательная школа № 13»",
        "СОШ № 13",
        "school",
        "14 микрорайон, д. 20",
        "Петров Андрей Сергеевич",
    ),
    (
        "МАДОУ «Детский сад № 26 «Радость»",
        "Детский сад № 26",
        "kindergarten",
        "8 микрорайон, д. 29",
        "Гайнуллина Алсу Ринатовна",
    ),
    (
        "МАДОУ «Детский сад № 9 «Радуга»",
        "Детский сад № 9",
        "kindergarten",
        "3 микрорайон, д. 9",
        "Соколова Наталья Ивановна",
    ),
    (
        "МБУ ДО «Центр дополнительного образования «Поиск»",
        "ЦДО «Поиск»",
        "additional",
        "11Б микрорайон, д. 1",
        "Морозов Дмитрий Алексеевич",
    ),
]

DIRECTIONS = [
    ("Инклюзивное образование", "inclusive"),
    ("Функциональная грамотность", "literacy"),
    ("STEM и робототехника", "stem"),
    ("Наставничество", "mentoring"),
    ("Цифровая образовательная среда", "digital"),
    ("Ранняя профориентация", "career"),
    ("Дошкольное образование", "preschool"),
]

# slug, organization short name, direction slug, title, description, coordinator, years the term started ago, length
CENTERS = [
    (
        "inclusive-sosh5",
        "СОШ № 5",
        "inclusive",
        "Ресурсный центр инклюзивного образования",
        "Сопровождение обучающихся с ОВЗ: адаптированные программы, тьюторство, консультации для педагогов школ города.",
        ("Гарипова Лилия Ринатовна", "заместитель директора по УВР", "inclusive@sosh5.example.ru"),
        1,
        3,
    ),
    (
        "literacy-lyceum1",
        "Лицей № 1",
        "literacy",
        "Ресурсный центр по формированию функциональной грамотности",
        "Банк заданий и практик по читательской, математической и естественнонаучной грамотности для 5–9 классов.",
        ("Белова Ирина Николаевна", "руководитель методического объединения", "fg@lyceum1.example.ru"),
        0,
        3,
    ),
    (
        "stem-poisk",
        "ЦДО «Поиск»",
        "stem",
        "Ресурсный центр STEM-образования и робототехники",
        "Практикумы по робототехнике и инженерному проектированию для учителей технологии, физики и информатики.",
        ("Ахмедов Тимур Рашидович", "методист", "stem@poisk.example.ru"),
        1,
        3,
    ),
    (
        "mentoring-sosh1",
        "СОШ № 1",
        "mentoring",
        "Ресурсный центр наставничества",
        "Целевая модель наставничества: пары «педагог — молодой специалист», школа молодого учителя, клуб наставников.",
        ("Лебедева Светлана Юрьевна", "заместитель директора по НМР", "mentor@sosh1.example.ru"),
        2,
        3,
    ),
    (
        "preschool-ds26",
        "Детский сад № 26",
        "preschool",
        "Ресурсный центр раннего развития «Радость»",
        "Методическая поддержка дошкольных организаций: развивающая предметно-пространственная среда, игровые технологии.",
        ("Хабибуллина Резеда Фаритовна", "старший воспитатель", "metod@ds26.example.ru"),
        0,
        2,
    ),
    (
        "career-ds9",
        "Детский сад № 9",
        "career",
        "Ресурсный центр ранней профориентации дошкольников",
        "Знакомство дошкольников с миром профессий: проекты, экскурсии, сотрудничество с предприятиями города.",
        ("Волкова Анна Михайловна", "старший воспитатель", "prof@ds9.example.ru"),
        1,
        2,
    ),
    (
        "digital-sosh13",
        "СОШ № 13",
        "digital",
        "Ресурсный центр цифровой образовательной среды",
        "Работа с ФГИС «Моя школа», цифровые сервисы урока, безопасность детей в сети. Срок действия центра истёк.",
        ("Никитин Павел Олегович", "учитель информатики", "cos@sosh13.example.ru"),
        4,
        3,
    ),
]


# Centers whose current term ends this many days from today, so the department's "terms ending" panel has one.
TERM_ENDS_SOON = {"career-ds9": 45}


def academic_year_start(day):
    return datetime.date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def content_time(center, now):
    """When a center's demo content is dated: now, or shortly before the end of a term that has ended."""
    if center.term_end is None or center.term_end >= now.date():
        return now
    last_days = datetime.datetime.combine(center.term_end - datetime.timedelta(days=10), datetime.time(12))
    return timezone.make_aware(last_days)


def build_reference():
    organizations = {}
    for full_name, short_name, kind, address, director in ORGANIZATIONS:
        organizations[short_name], _ = Organization.objects.update_or_create(
            short_name=short_name,
            defaults={
                "full_name": full_name,
                "kind": kind,
                "address": f"г. Нефтеюганск, {address}",
                "director": director,
            },
        )
    directions = {}
    for name, slug in DIRECTIONS:
        directions[slug], _ = Direction.objects.update_or_create(slug=slug, defaults={"name": name})
    return organizations, directions


def build_centers(directory):
    organizations, directions = build_reference()
    year_start = academic_year_start(timezone.localdate())
    centers = []
    for number, (slug, org, direction, title, description, contact, ago, length) in enumerate(
        CENTERS, start=1
    ):
        term_start = year_start.replace(year=year_start.year - ago)
        order_date = term_start - datetime.timedelta(days=5)
        center = provision_center(
            organizations[org],
            directions[direction],
            slug=slug,
            title=title,
            short_description=description,
            order_number=f"{300 + number * 7}-п",
            order_date=order_date,
            term_start=term_start,
            term_end=(
                timezone.localdate() + datetime.timedelta(days=TERM_ENDS_SOON[slug])
                if slug in TERM_ENDS_SOON
                else datetime.date(term_start.year + length, 8, 31)
            ),
        )
        if center.logo_id is None:
            center.logo = logo_for(center, number)
            center.save_revision().publish()
        name, position, email = contact
        if not center.contacts.exists():
            CenterContact.objects.create(
                page=center, name=name, position=position, email=email, phone="+7 (3463) 22-00-00"
            )
        centers.append(center)
    return centers


LOGO_COLOURS = ["#0b4f8a", "#1b7a4a", "#8a2c0b", "#5b2a86", "#a0522d", "#006d77", "#4a4e69"]


def logo_for(center, number):
    """A small generated emblem per demo center, stored as a Wagtail image once."""
    title = f"Логотип: {center.title}"
    image = Image.objects.filter(title=title).first()
    if image is None:
        colour = LOGO_COLOURS[number % len(LOGO_COLOURS)]
        canvas = PILImage.new("RGB", (192, 192), "white")
        draw = ImageDraw.Draw(canvas)
        draw.ellipse((8, 8, 184, 184), fill=colour)
        draw.polygon([(96, 40), (150, 140), (42, 140)], fill="white")
        draw.ellipse((80, 92, 112, 124), fill=colour)
        buffer = io.BytesIO()
        canvas.save(buffer, "PNG")
        image = Image(
            title=title, file=ImageFile(buffer, name=f"logo-{center.slug}.png"), collection=center.collection
        )
        image.save()
    return image
