"""Materials and news: synthetic ones spread over the centers' sections, newest first by publication time."""

import datetime

from django.utils import timezone

from centers.models import (
    CenterIndexPage,
    CenterPage,
    EducationLevel,
    MaterialAuthor,
    MaterialIndexPage,
    MaterialPage,
    MaterialType,
    NewsIndexPage,
    NewsPage,
    Subject,
)
from portal.devtools.bench.registry import measured_pages, seed_step
from portal.devtools.bench.seeding import add_live_children, add_to_search_index, batched

SLUG_PREFIX = "bench-"
CENTERS_WITH_CONTENT = 10  # materials and news go round-robin into the first centers' sections

# Materials are written from these parts, each cycling at its own (coprime) period, so that a common query such as
# "методические рекомендации" or "проектная деятельность" matches a realistic share of them, never all or none.
KINDS = [
    "Методические рекомендации",
    "Методическая разработка урока",
    "Рабочая программа",
    "Программа дополнительного образования",
    "Сценарий мероприятия",
    "Презентация к семинару",
    "Сборник материалов",
    "Дидактические материалы",
    "Контрольно-измерительные материалы",
    "Практикум",
    "Технологическая карта занятия",
]
TOPICS = [
    "по инклюзивному образованию",
    "по формированию функциональной грамотности",
    "по проектной деятельности обучающихся",
    "по робототехнике и STEM",
    "по наставничеству молодых педагогов",
    "по цифровой образовательной среде",
    "по ранней профориентации",
    "по работе с одарёнными детьми",
    "по воспитательной работе в классе",
    "по психолого-педагогическому сопровождению",
    "по смысловому чтению",
    "по финансовой грамотности",
    "по экологическому воспитанию",
]
CONTEXTS = [
    "на уроках математики",
    "на уроках русского языка",
    "в начальной школе",
    "в детском саду",
    "на уроках физики",
    "во внеурочной деятельности",
    "на уроках истории",
    "в старших классах",
    "на уроках биологии",
    "в группах продлённого дня",
    "на уроках информатики",
    "на уроках литературы",
    "в летнем лагере",
    "на уроках технологии",
    "для обучающихся с ОВЗ",
    "на уроках географии",
    "на классных часах",
]
SENTENCES = [
    "Материал адресован учителям и методистам школ города.",
    "Описаны цели, планируемые результаты и критерии оценивания.",
    "Приведены примеры заданий с ключами и комментариями.",
    "Рассмотрены приёмы организации групповой работы и рефлексии.",
    "Учтены требования обновлённых ФГОС и федеральных рабочих программ.",
    "Предложен алгоритм проектной деятельности от замысла до защиты.",
    "Даны рекомендации по адаптации заданий для детей с особыми образовательными потребностями.",
    "Включены материалы практикума для педагогов и памятка для родителей.",
    "Обобщён опыт апробации в образовательных организациях города.",
    "Приложены шаблоны документов и листы наблюдения.",
    "Показана связь с программой воспитания и внеурочной деятельностью.",
    "Описаны цифровые сервисы для дистанционного сопровождения обучающихся.",
    "Приведены результаты диагностики и их интерпретация.",
    "Предложены задания на развитие читательской и естественнонаучной грамотности.",
    "Рассмотрены формы наставничества «учитель — учитель» и «ученик — ученик».",
    "Даны рекомендации по инклюзивному образованию в общеобразовательном классе.",
    "Описан цикл занятий по робототехнике с постепенным усложнением моделей.",
    "Указаны источники и ссылки на открытые образовательные ресурсы.",
    "Сформулированы вопросы для самоконтроля и обсуждения на методическом объединении.",
]
AUTHORS = [
    ("Иванова Мария Петровна", "методист"),
    ("Смирнов Алексей Викторович", "учитель математики"),
    ("Кузнецова Ольга Николаевна", "учитель начальных классов"),
    ("Ахмедова Лейла Рашидовна", "педагог-психолог"),
    ("Петров Сергей Иванович", "учитель физики"),
    ("Васильева Елена Андреевна", "воспитатель"),
    ("Гарипов Ринат Ильдарович", "учитель информатики"),
]


def synthetic_material_text(number):
    """(title, abstract) of the `number`-th synthetic material: varied, realistic Russian wording."""
    title = " ".join(
        (
            KINDS[number % len(KINDS)],
            TOPICS[(number // len(KINDS)) % len(TOPICS)],
            CONTEXTS[number % len(CONTEXTS)],
        )
    )
    sentences = [SENTENCES[(number * step + step) % len(SENTENCES)] for step in (3, 5, 7)]
    return title, " ".join(dict.fromkeys(sentences))


def sections(section_model):
    """The section of `section_model` in each of the first centers, created in bulk where missing."""
    directory = CenterIndexPage.objects.get()
    centers = list(CenterPage.objects.child_of(directory).order_by("path")[:CENTERS_WITH_CONTENT])
    existing = {
        page.get_parent().pk: page for page in section_model.objects.filter(depth=directory.depth + 2)
    }
    result = []
    for center in centers:
        section = existing.get(center.pk)
        if section is None:
            (section,) = add_live_children(
                center, [section_model(title=section_model.section_title, slug=section_model.section_slug)]
            )
        result.append((center, section))
    return result


@seed_step("materials", help="ensure this many materials exist", small=200, large=100_000, order=20)
def seed_materials(count, progress):
    missing = count - MaterialPage.objects.count()
    if missing <= 0:
        return 0
    targets = sections(MaterialIndexPage)
    types = list(MaterialType.objects.all())
    subjects = list(Subject.objects.all())
    levels = list(EducationLevel.objects.all())
    first = MaterialPage.objects.filter(slug__startswith=SLUG_PREFIX).count() + 1
    now = timezone.now()
    with progress(missing) as bar:
        for numbers in batched(range(first, first + missing)):
            by_section = {}
            for number in numbers:
                center, section = targets[number % len(targets)]
                title, abstract = synthetic_material_text(number)
                by_section.setdefault(section.pk, (section, []))[1].append(
                    MaterialPage(
                        title=title,
                        slug=f"{SLUG_PREFIX}material-{number:06d}",
                        abstract=abstract,
                        material_type=types[number % len(types)],
                        year=now.year - number % 6,
                        center=center,
                        first_published_at=now - datetime.timedelta(minutes=number),
                    )
                )
            pages = [
                page for section, batch in by_section.values() for page in add_live_children(section, batch)
            ]
            MaterialPage.subjects.through.objects.bulk_create(
                MaterialPage.subjects.through(
                    materialpage_id=page.pk, subject_id=subjects[page.pk % len(subjects)].pk
                )
                for page in pages
            )
            MaterialPage.levels.through.objects.bulk_create(
                MaterialPage.levels.through(
                    materialpage_id=page.pk, educationlevel_id=levels[page.pk % len(levels)].pk
                )
                for page in pages
            )
            MaterialAuthor.objects.bulk_create(
                MaterialAuthor(
                    page=page,
                    sort_order=0,
                    name=AUTHORS[page.pk % len(AUTHORS)][0],
                    position=AUTHORS[page.pk % len(AUTHORS)][1],
                )
                for page in pages
            )
            # Read back with the related rows the index needs prefetched: a few queries per batch instead of ten
            # per page (each of Wagtail's five index columns reads the relations again).
            # Wagtail prefetches the related search fields except ParentalManyToMany ones (subjects, levels).
            add_to_search_index(
                list(
                    MaterialPage.get_indexed_objects()
                    .filter(pk__in=[page.pk for page in pages])
                    .prefetch_related("subjects", "levels")
                )
            )
            bar.update(len(pages))
    return missing


@seed_step("news", help="ensure this many news items exist", small=200, large=10_000, order=21)
def seed_news(count, progress):
    missing = count - NewsPage.objects.count()
    if missing <= 0:
        return 0
    targets = sections(NewsIndexPage)
    first = NewsPage.objects.filter(slug__startswith=SLUG_PREFIX).count() + 1
    today = timezone.localdate()
    with progress(missing) as bar:
        for numbers in batched(range(first, first + missing)):
            by_section = {}
            for number in numbers:
                center, section = targets[number % len(targets)]
                by_section.setdefault(section.pk, (section, []))[1].append(
                    NewsPage(
                        title=f"Семинар для педагогов № {number}",
                        slug=f"{SLUG_PREFIX}news-{number:06d}",
                        date=today - datetime.timedelta(days=number % 3650),
                        lead="Синтетическая новость для замеров производительности.",
                        center=center,
                    )
                )
            pages = [
                page for section, batch in by_section.values() for page in add_live_children(section, batch)
            ]
            add_to_search_index(pages)
            bar.update(len(pages))
    return missing


@measured_pages(order=20)
def content_pages():
    urls = {}
    material_index = MaterialIndexPage.objects.live().order_by("path").first()
    if material_index:
        urls["MaterialIndexPage"] = material_index.url
        urls["MaterialIndexPage ?type=&year="] = (
            f"{material_index.url}?type=recommendations&year={timezone.now().year}"
        )
        material = MaterialPage.objects.child_of(material_index).live().order_by("path").first()
        if material:
            urls["MaterialPage"] = material.url
    news_index = NewsIndexPage.objects.live().order_by("path").first()
    if news_index:
        urls["NewsIndexPage"] = news_index.url
        news = NewsPage.objects.child_of(news_index).live().order_by("path").first()
        if news:
            urls["NewsPage"] = news.url
    urls["RSS /feeds/materials/"] = "/feeds/materials/"
    urls["RSS /feeds/news/"] = "/feeds/news/"
    return urls
