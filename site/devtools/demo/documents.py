"""Small real files for demo materials: a one-page PDF and a DOCX with Russian text, made without a word processor."""

import io
import textwrap
import zlib

from docx import Document as WordDocument

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56
LINE_WIDTH_CHARS = 88
FIRST_FREE_CODE = 128


def pdf_string(text, codes):
    """A PDF string literal in the single-byte encoding `codes` gives the non-ASCII characters."""
    out = []
    for char in text:
        if char in "()\\":
            out.append("\\" + char)
        elif 32 <= ord(char) < 127:
            out.append(char)
        else:
            out.append(f"\\{codes[char]:03o}")
    return "(" + "".join(out) + ")"


def utf16_text(text):
    """A PDF text string (document info) that keeps Cyrillic: UTF-16BE with a byte order mark, in hex."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def single_byte_codes(text):
    """{char: code}: codes from 128 up for the non-ASCII characters of `text`, in the order of the characters."""
    extra = sorted({char for char in text if not 32 <= ord(char) < 127})
    if len(extra) > 256 - FIRST_FREE_CODE:
        raise ValueError("too many distinct non-ASCII characters for one single-byte font encoding")
    return {char: FIRST_FREE_CODE + number for number, char in enumerate(extra)}


def page_stream(lines, codes):
    """The page's content stream, compressed: each (font, size, text) line below the previous one."""
    content = ["BT", f"{MARGIN} {PAGE_HEIGHT - MARGIN} Td"]
    for font, size, line in lines:
        content.append(f"/{font} {size} Tf {size + 4} TL T* {pdf_string(line, codes)} Tj")
    content.append("ET")
    return zlib.compress("\n".join(content).encode("ascii"))


def to_unicode_cmap(codes):
    """The /ToUnicode map: ASCII maps to itself, every other code to its character (at most 100 per block)."""
    cmap_entries = [f"<{code:02X}> <{ord(char):04X}>" for char, code in codes.items()]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
            "/CMapName /Demo-UCS def /CMapType 2 def",
            "1 begincodespacerange <00> <FF> endcodespacerange",
            "1 beginbfrange <20> <7E> <0020> endbfrange",
            *(
                f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar"
                for chunk in (cmap_entries[start : start + 100] for start in range(0, len(cmap_entries), 100))
                if chunk
            ),
            "endcmap CMapName currentdict /CMap defineresource pop end end",
        ]
    ).encode("ascii")


def pdf_objects(title, stream, codes):
    """Objects 1..9: catalog, pages, page, contents, the two fonts, their encoding and /ToUnicode map, info."""
    differences = " ".join(f"/uni{ord(char):04X}" for char in codes)
    cmap = to_unicode_cmap(codes)

    def font(base):
        return (
            f"<< /Type /Font /Subtype /Type1 /BaseFont /{base} /Encoding 7 0 R /ToUnicode 8 0 R >>".encode()
        )

    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            "/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>"
        ).encode(),
        f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream + b"\nendstream",
        font("Helvetica"),
        font("Helvetica-Bold"),
        f"<< /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [{FIRST_FREE_CODE} {differences}] >>".encode(),
        f"<< /Length {len(cmap)} >>\nstream\n".encode() + cmap + b"\nendstream",
        f"<< /Title {utf16_text(title)} /Producer (Resource centers demo) >>".encode(),
    ]


def write_pdf(objects):
    """The file: header, the numbered objects, the cross-reference table of their offsets and the trailer."""
    output = io.BytesIO()
    output.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(output.tell())
        output.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref_at = output.tell()
    output.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        output.write(f"{offset:010d} 00000 n \n".encode())
    output.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 9 0 R >>\nstartxref\n{xref_at}\n%%EOF\n".encode()
    )
    return output.getvalue()


def build_pdf(title, paragraphs):
    """One A4 page: the title in bold, then the paragraphs, in the standard Helvetica fonts.

    Cyrillic letters get single-byte codes from 128 up through an /Encoding with /Differences (glyph names uniXXXX)
    and a /ToUnicode map, so viewers draw them and text extraction (search indexing) reads them back.
    """
    lines = [("F2", 14, title)]
    for paragraph in paragraphs:
        lines.append(("F1", 11, ""))
        lines.extend(("F1", 11, line) for line in textwrap.wrap(paragraph, LINE_WIDTH_CHARS))
    codes = single_byte_codes("".join(line for _, _, line in lines))
    return write_pdf(pdf_objects(title, page_stream(lines, codes), codes))


def build_docx(title, paragraphs):
    document = WordDocument()
    document.core_properties.title = title
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
