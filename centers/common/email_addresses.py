"""One way to read an e-mail address, used for per-e-mail limits, duplicates, erasure and the links a person gets.

`normalise_email` is the address as the site stores it: trimmed; a quoted local part unquoted when its content needs
no quotes (`"bomb"@x`, `"\\bomb"@x` and `bomb@x` are one mailbox, RFC 5321 4.1.2); the domain lower-cased in its
Unicode form through IDNA (`Example.ORG`, `xn--e1afmkfd.xn--p1ai` and `ПРИМЕР.рф` are `example.org`, `пример.рф`).
The local part keeps the case it was typed in: letters go to the address as the person wrote it.

`email_key` is what two addresses are compared by: the normalised address lower-cased. The local part is compared
without its case because the mail services teachers use (Yandex, Mail.ru, Gmail) ignore it, so `Bomb@` and `bomb@`
are one mailbox for every limit. Database lookups compare `email__iexact=normalise_email(typed)`, which is the same
comparison for the addresses the forms stored (they store normalised addresses).
"""

import re

from django import forms

# The characters of an unquoted local part (RFC 5322 dot-atom).
ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
DOT_ATOM = re.compile(rf"{ATOM}(\.{ATOM})*\Z")


def unquoted_local_part(local):
    """`"bomb"` and `"\\bomb"` are `bomb`; a quoted part that needs its quotes (a space, two dots) stays quoted."""
    if len(local) >= 2 and local.startswith('"') and local.endswith('"'):
        inner = re.sub(r"\\(.)", r"\1", local[1:-1])
        if DOT_ATOM.match(inner):
            return inner
    return local


def normalised_domain(domain):
    domain = domain.strip().rstrip(".").lower()
    try:
        return domain.encode("idna").decode("idna").lower()
    except UnicodeError:
        return domain


def normalise_email(address):
    """The address as the site stores and compares it (see the module); "" for None."""
    address = (address or "").strip()
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    return f"{unquoted_local_part(local)}@{normalised_domain(domain)}"


def email_key(address):
    """What limits, duplicates and erasure compare: the normalised address, case-insensitively."""
    return normalise_email(address).lower()


class NormalisedEmailField(forms.EmailField):
    """A form's e-mail field that hands the view the normalised address."""

    def clean(self, value):
        value = super().clean(value)
        return normalise_email(value) if value else value
