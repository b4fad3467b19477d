"""The blocks library as readers get it: accessible HTML from realistic Russian content, and editors' mistakes refused."""

import io
import json

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from PIL import Image as PillowImage
from wagtail.blocks import StreamBlockValidationError
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from blocks.video import player_url
from centers.models import CenterPage

pytestmark = pytest.mark.django_db

MEGABYTE = 1024 * 1024


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def goals_block():
    return CenterPage._meta.get_field("goals").stream_block


def render(block_type, value, path="/"):
    """One block rendered through its template, as a page renders it (with the request in the context)."""
    stream = goals_block().to_python([{"type": block_type, "value": value}])
    html = stream[0].render(context={"request": RequestFactory().get(path)})
    return BeautifulSoup(html, "html.parser")


def text(node):
    """What a reader sees: non-breaking spaces (which keep "1,2 МБ" on one line) read as spaces."""
    return node.get_text(" ", strip=True).replace("\xa0", " ")


def clean_errors(block_type, value):
    """The editor's messages when the page's StreamField refuses the block."""
    stream_block = goals_block()
    with pytest.raises(StreamBlockValidationError) as refused:
        stream_block.clean(stream_block.to_python([{"type": block_type, "value": value}]))
    return json.dumps(refused.value.as_json_data(), ensure_ascii=False)


def photo(title="Практикум по робототехнике", size=(1600, 1000)):
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, (40, 90, 160)).save(buffer, "JPEG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name="praktikum.jpg"))


def document(title="Методические рекомендации", name="rekomendacii.pdf", size=int(1.2 * MEGABYTE)):
    content = b"%PDF-1.4\n" + b"0" * (size - 9)
    return get_document_model().objects.create(title=title, file=ContentFile(content, name=name))


def image_value(image, **overrides):
    return {"image": image.pk, "alt_text": "", "decorative": False, "caption": "", **overrides}


# Image


def test_image_is_a_figure_with_alt_text_caption_and_lazy_responsive_rendition():
    alt = "Педагоги собирают робота на практикуме в ЦДО «Поиск»"
    html = render(
        "image",
        image_value(photo(), alt_text=alt, caption="Практикум для учителей технологии, 14 октября 2026 года"),
    )
    img = html.select_one("figure img")
    assert img["alt"] == alt
    assert img["loading"] == "lazy"
    widths = [candidate.split()[-1] for candidate in img["srcset"].split(",")]
    assert sorted(widths, key=lambda width: int(width.rstrip("w"))) == ["480w", "800w", "1200w"]
    assert ".max-1200x800." in img["src"]
    assert (int(img["width"]), int(img["height"])) == (1200, 750)
    assert (
        html.select_one("figure figcaption").get_text()
        == "Практикум для учителей технологии, 14 октября 2026 года"
    )


def test_decorative_image_is_silent_for_screen_readers():
    html = render("image", image_value(photo("Орнамент"), decorative=True, alt_text="узор"))
    assert html.select_one("img")["alt"] == ""
    assert html.select_one("figcaption") is None


def test_image_without_alt_text_is_refused_with_a_russian_message():
    errors = clean_errors("image", image_value(photo(), caption="Семинар"))
    assert "Опишите изображение для читателей, которые его не видят" in errors


def test_file_name_is_not_accepted_as_alt_text():
    errors = clean_errors("image", image_value(photo(), alt_text="IMG_2041.JPG"))
    assert "Имя файла ничего не скажет незрячему читателю" in errors


def test_decorative_image_needs_no_alt_text():
    stream_block = goals_block()
    stream_block.clean(
        stream_block.to_python([{"type": "image", "value": image_value(photo(), decorative=True)}])
    )


# Documents


def test_document_list_names_file_type_and_size_in_russian():
    recommendations = document()
    plan = document("План работы на 2026/2027 учебный год", "plan.docx", 48 * 1024)
    html = render("documents", {"heading": "Документы центра", "documents": [recommendations.pk, plan.pk]})
    assert html.select_one("h2").get_text() == "Документы центра"
    links = html.select("li a")
    assert [text(link) for link in links] == [
        "Методические рекомендации (PDF, 1,2 МБ)",
        "План работы на 2026/2027 учебный год (DOCX, 48,0 КБ)",
    ]
    assert links[0]["href"] == recommendations.url


def test_document_whose_file_is_lost_is_listed_as_unavailable_not_an_error():
    lost = document("Положение о ресурсном центре", "polozhenie.pdf", 20 * 1024)
    lost.file.storage.delete(lost.file.name)
    html = render("documents", {"heading": "", "documents": [lost.pk]})
    assert html.select("a") == []
    assert text(html.select_one("li")) == ("Положение о ресурсном центре (PDF, файл временно недоступен)")


def test_deleted_document_drops_out_of_the_list():
    kept, deleted = document("Памятка для родителей", "pamyatka.pdf", 1024), document()
    value = {"heading": "", "documents": [deleted.pk, kept.pk]}
    deleted.delete()
    html = render("documents", value)
    assert [text(li) for li in html.select("li")] == ["Памятка для родителей (PDF, 1,0 КБ)"]


# Table

SCHEDULE = {
    "data": [
        ["Школа", "Участников", "Практик"],
        ["СОШ № 5", "12", "3"],
        ["Лицей № 1", "9", "2"],
    ],
    "table_caption": "Участники сетевого проекта в 2026 году",
    "table_header_choice": "both",
}


def test_table_has_a_caption_and_header_cells_with_scope():
    html = render("table", SCHEDULE)
    table = html.select_one(".table-block[role=region] table")
    assert table.caption.get_text(strip=True) == "Участники сетевого проекта в 2026 году"
    assert [th.get_text(strip=True) for th in table.select("thead th[scope=col]")] == [
        "Школа",
        "Участников",
        "Практик",
    ]
    assert [th.get_text(strip=True) for th in table.select("tbody th[scope=row]")] == ["СОШ № 5", "Лицей № 1"]


def test_table_without_caption_or_headers_is_refused():
    assert "Введите подпись таблицы" in clean_errors("table", {**SCHEDULE, "table_caption": ""})
    assert "Выберите строку или столбец заголовков" in clean_errors(
        "table", {**SCHEDULE, "table_header_choice": "neither"}
    )


# Questions and answers


def test_faq_is_an_accordion_that_needs_no_javascript():
    html = render(
        "faq",
        {
            "heading": "Частые вопросы",
            "items": [
                {
                    "question": "Кто может участвовать в семинарах?",
                    "answer": "<p>Педагоги всех школ города.</p>",
                },
                {
                    "question": "Выдаётся ли сертификат?",
                    "answer": "<p>Да, <b>электронный</b> сертификат.</p>",
                },
            ],
        },
    )
    items = html.select("details")
    assert [item.summary.get_text() for item in items] == [
        "Кто может участвовать в семинарах?",
        "Выдаётся ли сертификат?",
    ]
    assert "Педагоги всех школ города." in items[0].get_text()
    assert items[1].select_one("b").get_text() == "электронный"


# Video


def test_video_on_rutube_gets_a_titled_player_a_link_and_a_transcript():
    url = "https://rutube.ru/video/0123456789abcdef0123456789abcdef/"
    html = render(
        "video",
        {"url": url, "title": "Вебинар «Наставничество в школе»", "transcript": "Добрый день, коллеги."},
    )
    iframe = html.select_one("iframe")
    assert iframe["src"] == "https://rutube.ru/play/embed/0123456789abcdef0123456789abcdef"
    assert iframe["title"] == "Вебинар «Наставничество в школе»"
    assert html.select_one("figcaption a")["href"] == url
    assert "видео на сайте rutube.ru" in text(html.select_one("figcaption a"))
    assert html.select_one("details summary").get_text() == "Текстовая расшифровка"
    assert "Добрый день, коллеги." in html.select_one("details").get_text()


@pytest.mark.parametrize(
    ("url", "player"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vk.com/video-123456_456239017", "https://vk.com/video_ext.php?oid=-123456&id=456239017"),
        (
            "https://vkvideo.ru/video-123456_456239017",
            "https://vk.com/video_ext.php?oid=-123456&id=456239017",
        ),
        ("https://vk.com/video?z=video-1_2%2Fpl_cat", "https://vk.com/video_ext.php?oid=-1&id=2"),
        ("https://example.org/video/42", None),
        ("https://rutube.ru/video/not-an-id/", None),
        ("javascript:alert(1)", None),
    ],
)
def test_only_known_video_hosts_get_a_player(url, player):
    assert player_url(url) == player


def test_video_elsewhere_is_only_a_link():
    html = render(
        "video", {"url": "https://example.org/webinar.mp4", "title": "Запись вебинара", "transcript": ""}
    )
    assert html.select("iframe") == []
    assert html.select_one("a")["href"] == "https://example.org/webinar.mp4"
    assert html.select("details") == []


# Person and program


def test_person_card_shows_name_position_organization_and_photo_named_by_alt():
    html = render(
        "person",
        {
            "name": "Гарипова Лилия Ринатовна",
            "position": "заместитель директора по УВР",
            "organization": "МБОУ «СОШ № 5 «Многопрофильная»",
            "photo": photo("Гарипова Л. Р.", (400, 500)).pk,
            "bio": "Учитель-дефектолог, стаж 18 лет.",
        },
    )
    assert html.select_one("img")["alt"] == "Гарипова Лилия Ринатовна"
    assert html.select_one(".person-card__name").get_text() == "Гарипова Лилия Ринатовна"
    assert html.select_one(".person-card__role").get_text() == (
        "заместитель директора по УВР, МБОУ «СОШ № 5 «Многопрофильная»"
    )
    assert "стаж 18 лет" in html.get_text()


def test_person_card_without_photo_has_no_image():
    html = render("person", {"name": "Белова Ирина Николаевна", "position": "", "organization": "Лицей № 1"})
    assert html.select("img") == []
    assert html.select_one(".person-card__role").get_text() == "Лицей № 1"


PROGRAM = {
    "heading": "Программа семинара",
    "items": [
        {
            "start": "10:00:00",
            "end": "10:15:00",
            "title": "Открытие семинара",
            "speaker": "",
            "description": "",
        },
        {
            "start": "10:15:00",
            "end": None,
            "title": "Тьюторское сопровождение обучающихся с ОВЗ",
            "speaker": "Гарипова Л. Р., заместитель директора по УВР СОШ № 5",
            "description": "Из опыта работы.",
        },
    ],
}


def test_program_is_an_ordered_list_with_machine_readable_times():
    html = render("program", PROGRAM)
    items = html.select("ol > li")
    assert [t["datetime"] for t in items[0].select("time")] == ["10:00", "10:15"]
    assert items[0].select_one(".program__time").get_text() == "10:00–10:15"
    assert [t.get_text() for t in items[1].select("time")] == ["10:15"]
    assert (
        items[1].select_one(".program__speaker").get_text()
        == "Гарипова Л. Р., заместитель директора по УВР СОШ № 5"
    )


def test_program_item_ending_before_it_starts_is_refused():
    item = {**PROGRAM["items"][0], "start": "11:00:00", "end": "10:30:00"}
    assert "Время окончания должно быть позже времени начала" in clean_errors(
        "program", {"heading": "", "items": [item]}
    )


# Links


def test_link_list_marks_links_to_other_sites(directory):
    center = CenterPage.objects.live().first()
    html = render(
        "links",
        {
            "heading": "Полезные ссылки",
            "links": [
                {"page": center.pk, "url": "", "title": ""},
                {
                    "page": None,
                    "url": "https://edu.gov.ru/national-project/",
                    "title": "Нацпроект «Образование»",
                },
                {"page": None, "url": "http://testserver/centers/", "title": "Все ресурсные центры"},
            ],
        },
    )
    links = html.select("li a")
    assert [text(link) for link in links] == [
        center.title,
        "Нацпроект «Образование» (внешний сайт edu.gov.ru)",
        "Все ресурсные центры",
    ]
    assert links[0]["href"] == center.url
    assert links[1]["class"] == ["link-list__external"]


def test_link_to_an_unpublished_page_is_left_out():
    center = CenterPage.objects.live().first()
    center.unpublish()
    html = render("links", {"heading": "", "links": [{"page": center.pk, "url": "", "title": "Центр"}]})
    assert html.select("a") == []


def test_link_needs_a_target_and_an_address_needs_text():
    assert "Выберите страницу или введите адрес." in clean_errors(
        "links", {"heading": "", "links": [{"page": None, "url": "", "title": "Куда-то"}]}
    )
    assert "Введите текст ссылки" in clean_errors(
        "links", {"heading": "", "links": [{"page": None, "url": "https://edu.gov.ru/", "title": ""}]}
    )


# The whole stream on a real page


def every_block():
    lost = document("Положение о ресурсном центре", "polozhenie.pdf", 20 * 1024)
    lost.file.storage.delete(lost.file.name)
    return [
        {"type": "heading", "value": {"text": "Цели центра", "level": "h2"}},
        {"type": "paragraph", "value": "<p>Распространение <b>эффективных практик</b> инклюзии.</p>"},
        {"type": "image", "value": image_value(photo(), alt_text="Педагоги на семинаре", caption="Семинар")},
        {"type": "documents", "value": {"heading": "Документы", "documents": [document().pk, lost.pk]}},
        {"type": "quote", "value": {"text": "Каждый ребёнок может учиться.", "source": "Л. С. Выготский"}},
        {"type": "table", "value": SCHEDULE},
        {
            "type": "video",
            "value": {"url": "https://youtu.be/dQw4w9WgXcQ", "title": "Видеоотчёт", "transcript": ""},
        },
        {"type": "person", "value": {"name": "Гарипова Лилия Ринатовна", "position": "", "organization": ""}},
        {"type": "program", "value": PROGRAM},
        {
            "type": "faq",
            "value": {"heading": "", "items": [{"question": "Как записаться?", "answer": "<p>Онлайн.</p>"}]},
        },
        {
            "type": "links",
            "value": {"heading": "", "links": [{"url": "https://edu.gov.ru/", "title": "Минпросвещения"}]},
        },
    ]


def test_center_page_shows_every_block_to_an_anonymous_visitor(client):
    center = CenterPage.objects.live().first()
    center.goals = goals_block().to_python(every_block())
    center.save_revision().publish()

    response = client.get(center.url)

    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    page_text = text(html)
    for visible in [
        "Цели центра",
        "эффективных практик",
        "Методические рекомендации (PDF, 1,2 МБ)",
        "Положение о ресурсном центре (PDF, файл временно недоступен)",
        "Каждый ребёнок может учиться.",
        "Участники сетевого проекта в 2026 году",
        "Видеоотчёт",
        "Гарипова Лилия Ринатовна",
        "Тьюторское сопровождение обучающихся с ОВЗ",
        "Как записаться?",
        "Минпросвещения (внешний сайт edu.gov.ru)",
    ]:
        assert visible in page_text
    assert html.select_one("figure img")["alt"] == "Педагоги на семинаре"
    assert html.select_one("iframe")["title"] == "Видеоотчёт"


def test_editor_opens_a_center_holding_every_block(client, django_user_model):
    center = CenterPage.objects.live().first()
    center.goals = goals_block().to_python(every_block())
    center.save_revision().publish()
    client.force_login(
        django_user_model.objects.create_superuser("redaktor", "redaktor@example.ru", "x" * 12)
    )

    response = client.get(f"/admin/pages/{center.pk}/edit/")

    assert response.status_code == 200
    html = response.content.decode()
    for label in [
        "Альтернативный текст",
        "Декоративное изображение",
        "Список документов",
        "Карточка персоны",
    ]:
        assert json.dumps(label)[1:-1] in html  # the block definitions reach the editor as JSON


def test_page_queries_do_not_grow_with_the_number_of_images_documents_and_people(client):
    center = CenterPage.objects.live().first()
    image, portrait = photo(), photo("Портрет", (400, 500))

    def queries_for(count):
        goals = [
            {
                "type": "documents",
                "value": {"heading": "", "documents": [document(f"Документ {n}").pk for n in range(count)]},
            },
            *[{"type": "image", "value": image_value(image, alt_text=f"Фото {n}")} for n in range(count)],
            *[
                {"type": "person", "value": {"name": f"Участник {n}", "photo": portrait.pk}}
                for n in range(count)
            ],
        ]
        center.goals = goals_block().to_python(goals)
        center.save_revision().publish()
        client.get(center.url)  # the first visit creates renditions and records file sizes
        with CaptureQueriesContext(connection) as queries:
            assert client.get(center.url).status_code == 200
        return len(queries)

    assert queries_for(2) == queries_for(8)
