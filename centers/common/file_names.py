"""File names that every system accepts: for entries of archives people unpack on Windows and Linux.

A name typed by a person (a participant's name on a certificate) may hold path separators, control characters, a
name Windows reserves for a device (CON, NUL, COM1…), trailing dots or spaces, or be very long; unpacked as is it
would write outside the folder, fail, or be silently renamed.
"""

import re
import unicodedata

# Windows refuses these characters in a name; the slash separates folders everywhere.
FORBIDDEN = re.compile(r'[<>:"/\\|?*]')
RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{device}{digit}" for device in ("COM", "LPT") for digit in "0123456789¹²³"
}
MAX_STEM = 120  # characters; a UTF-8 name of 120 Cyrillic letters stays under the 255 bytes Linux allows


def safe_stem(text, fallback="file"):
    """A name without extension: printable, no separators, not a device name, no trailing dots or spaces."""
    text = unicodedata.normalize("NFC", str(text))
    # Control, format (bidi overrides, zero-width), unassigned and private-use characters go; other spaces become one.
    text = "".join(
        " " if char.isspace() else char
        for char in text
        if unicodedata.category(char)[0] != "C" or char.isspace()
    )
    text = FORBIDDEN.sub("-", text)
    text = " ".join(text.split())[:MAX_STEM].strip(" .")
    text = text.lstrip(" .-") or fallback
    if text.split(".")[0].strip().upper() in RESERVED:
        text = f"_{text}"
    return text


def unique_file_names(stems, extension):
    """Safe names, in order, for these stems with the extension («pdf»): a name taken gets « (2)», « (3)»…
    Windows compares names without regard to case, so neither does this."""
    taken = set()
    names = []
    for stem in stems:
        base = safe_stem(stem)
        name, number = f"{base}.{extension}", 1
        while name.casefold() in taken:
            number += 1
            name = f"{base} ({number}).{extension}"
        taken.add(name.casefold())
        names.append(name)
    return names
