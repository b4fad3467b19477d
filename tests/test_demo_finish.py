"""What someone trying the demo meets first: its output ends with the accounts, a mistyped address gets the site's
Russian 404, the site has an icon, its PDFs embed their font and download under a Russian name, a closed center
published nothing after its closing, and one teacher's consultation requests differ."""

import io
import re
import shutil
import subprocess
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from pypdf import PdfReader
from wagtail.models import Page

from centers.models import CenterDocument, CenterPage, ConsultationRequest, NewsPage

pytestmark = pytest.mark.django_db
ACCOUNT_LINE = re.compile(r"^  \S+\s+\S+\s+\S")


def test_seed_demo_writes_its_letters_to_files_it_names_and_ends_with_the_accounts(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.VAR_DIR = tmp_path
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    lines = [line for line in output.getvalue().splitlines() if line.strip()]
    assert "Subject:" not in output.getvalue() and "Content-Type:" not in output.getvalue()
    [letters_line] = [line for line in lines if str(tmp_path / "demo-letters") in line]
    written = int(re.search(r"\((\d+)\)", letters_line).group(1))
    assert written == len(list((tmp_path / "demo-letters").iterdir()))
    accounts = lines.index("Accounts (login, password, what it runs):")
    assert lines.index(letters_line) < accounts and all(
        ACCOUNT_LINE.match(line) for line in lines[accounts + 1 :]
    )


def test_a_mistyped_address_gets_the_russian_404_even_under_debug(client, settings):
    settings.DEBUG = True
    response = client.get("/centers/no-such-centre/")
    html = response.content.decode()
    assert response.status_code == 404 and "Страница не найдена" in html and 'lang="ru"' in html
    assert "Django" not in html and "URLconf" not in html


def test_the_site_has_an_icon_linked_and_at_favicon_ico(client):
    home = client.get("/").content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', home).group(1)
    answer = client.get("/favicon.ico")
    assert answer.status_code == 301 and answer["Location"] == icon
    assert b"<svg" in b"".join(client.get(icon).streaming_content)


def demo_pdfs():
    return [
        document for document in CenterDocument.objects.order_by("pk") if document.file_extension == "pdf"
    ]


def test_demo_pdfs_embed_a_cyrillic_font_and_download_under_a_russian_name(client):
    documents = demo_pdfs()
    assert documents
    for document in documents[:3]:
        with document.file.open("rb") as handle:
            data = handle.read()
        reader = PdfReader(io.BytesIO(data))
        fonts = [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]
        assert fonts and all("/FontFile2" in font["/FontDescriptor"] for font in fonts), document.title
        assert document.title.split()[0] in reader.pages[0].extract_text()
        response = client.get(document.url)
        disposition = response["Content-Disposition"]
        assert "filename*=utf-8''" in disposition.lower()
        assert document.title.split()[0] in unquote(disposition.split("''", 1)[1])
    if shutil.which("pdftotext"):  # poppler (Evince, Okular) reads the text as well
        with documents[0].file.open("rb") as handle:
            text = subprocess.run(["pdftotext", "-", "-"], input=handle.read(), capture_output=True).stdout
        assert documents[0].title.split()[0] in text.decode()


def test_a_closed_center_published_nothing_after_its_closing():
    center = CenterPage.objects.get(closed_early_on__isnull=False)
    closing = center.closed_early_on
    pages = Page.objects.descendant_of(center)
    assert pages.exists()
    assert not pages.filter(first_published_at__date__gte=closing).exists()
    assert not NewsPage.objects.descendant_of(center).filter(date__gte=closing).exists()


def test_one_teachers_consultation_requests_have_different_topics():
    for email in ConsultationRequest.objects.values_list("email", flat=True).distinct():
        topics = list(ConsultationRequest.objects.filter(email=email).values_list("topic", flat=True))
        assert len(topics) == len(set(topics)), email
    assert ConsultationRequest.objects.values("topic").distinct().count() >= 5
