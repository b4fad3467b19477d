"""Certificates name the event once and travel as archives whose entry names every system accepts."""

import io
import zipfile

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from centers.common.file_names import safe_stem, unique_file_names
from centers.events.naming import event_name
from centers.models import Certificate

from .certificates_helpers import held_meeting, pdf_text
from .test_participants_admin import coordinator_of

pytestmark = pytest.mark.django_db

HOSTILE_NAMES = (
    "..\\..\\Windows\\System32\\evil",
    "../../etc/passwd",
    "Иванов\x1fИван\x07\r\nИванович",
    "Петров\u202eвечиртеП",  # a right-to-left override turns the shown name around
    "CON",
    "Смирнова Анна. . .",
    "Я" * 200,
    'a<b>c:d"e|f?g*h',
    "Ершов Павел",
    "ершов павел",
)


def send_certificates():
    call_command("send_certificates", stdout=io.StringIO())


def assert_safe(name):
    stem = name.rsplit(".", 1)[0]
    assert not set(name) & set('\\/<>:"|?*'), name
    assert all(char.isprintable() for char in name), repr(name)
    assert stem == stem.rstrip(" ."), name
    assert stem.split(".")[0].strip().upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}, name
    assert len(name.encode()) <= 255, name


def test_hostile_participant_names_become_safe_unique_entries_of_the_certificates_zip(client):
    _event, occurrence = held_meeting(attended=HOSTILE_NAMES)
    send_certificates()
    client.force_login(coordinator_of("literacy-lyceum1", "coord"))
    response = client.get(reverse("centers_certificates:meeting_zip", args=[occurrence.pk]))
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as bundle:
        names = bundle.namelist()
        assert len(names) == len(HOSTILE_NAMES)
        assert len({name.casefold() for name in names}) == len(names), "Windows would overwrite one"
        for name in names:
            assert_safe(name)
            assert name.endswith(".pdf")
        assert any("Иванов Иван Иванович" in name for name in names), "what a person typed still reads"
        certificate = Certificate.objects.get(occurrence=occurrence, full_name="CON")
        [own] = [name for name in names if name.startswith(certificate.number)]
        assert "CON" in pdf_text(bundle.read(own))


@pytest.mark.parametrize(
    ("stem", "expected"),
    [("CON", "_CON"), ("nul.txt", "_nul.txt"), ("Com1 ", "_Com1"), ("...", "file"), ("a/b\\c", "a-b-c")],
)
def test_a_name_alone_never_becomes_a_device_a_path_or_nothing(stem, expected):
    assert safe_stem(stem) == expected


def test_names_taken_get_a_number_whatever_their_case():
    assert unique_file_names(["Анна", "анна", "Анна"], "pdf") == ["Анна.pdf", "анна (2).pdf", "Анна (3).pdf"]


def test_the_format_is_said_once_on_the_pdf_the_check_page_the_letter_and_the_reissue_page(client):
    _event, occurrence = held_meeting(title="Семинар «Адаптированная программа»")
    send_certificates()
    certificate = Certificate.objects.get(occurrence=occurrence)
    named = "Семинар «Адаптированная программа»"
    [letter] = mail.outbox
    pdf = pdf_text(letter.attachments[0][1])
    check = client.get(f"/certificates/{certificate.number}/").content.decode()
    client.force_login(coordinator_of("literacy-lyceum1", "coord"))
    reissue = client.get(reverse("centers_certificates:reissue", args=[certificate.pk])).content.decode()
    html = letter.alternatives[0][0]
    for where, text in {
        "pdf": pdf,
        "check": check,
        "letter": letter.body,
        "html": html,
        "reissue": reissue,
    }.items():
        assert named in " ".join(text.split()), where
        assert "Семинар «Семинар" not in text and "Семинар: «Семинар" not in text, where


def test_a_title_without_its_format_gets_it_once_in_brackets():
    assert event_name("Клуб наставников: «Индивидуальный план»", "Семинар") == (
        "Клуб наставников: «Индивидуальный план» (семинар)"
    )
    assert event_name("Семинар-практикум «Чтение»", "Семинар") == "Семинар-практикум «Чтение»"
    assert event_name("Семинары для молодых", "Семинар") == "Семинары для молодых (семинар)"
