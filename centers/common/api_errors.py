"""Wagtail's API v2 refuses a wrong parameter in English; the add-on's endpoints answer every refusal in the
site's language (Russian): the same 400 or 404, with a `message` a school's webmaster can read."""

import re

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError

# Wagtail's own messages (wagtail/api/v2: views, filters, pagination), each with what it means in our words.
WAGTAIL_MESSAGES = [
    (
        r"(?P<name>limit|offset) must be a positive integer",
        lambda m: _("“%(name)s” must be a whole number, 0 or more."),
    ),
    (
        r"limit cannot be higher than (?P<number>\d+)",
        lambda m: _("“limit” cannot be higher than %(number)s."),
    ),
    (r"unknown fields: (?P<names>.*)", lambda m: _("Unknown fields: %(names)s.")),
    (
        r"'(?P<name>.*)' does not support nested fields",
        lambda m: _("The field “%(name)s” has no nested fields."),
    ),
    (
        r"fields error: .*",
        lambda m: _("“fields” is written wrongly: list the names with commas, e.g. fields=title,start."),
    ),
    (
        r"query parameter is not an operation or a recognised field: (?P<names>.*)",
        lambda m: _("Unknown parameters: %(names)s."),
    ),
    (r"type doesn't exist", lambda m: _("Unknown page type in “type”: write it as centers.MaterialPage.")),
    (
        r"field filter error\. '(?P<value>.*)' is not a valid value for (?P<name>\w+) .*",
        lambda m: _("“%(name)s”: “%(value)s” is not a valid value."),
    ),
    (
        r"field filter error\. null characters are not allowed for (?P<name>\w+)",
        lambda m: _("“%(name)s” must not contain a NUL character."),
    ),
    (
        r"random ordering .*",
        lambda m: _("“order=random” cannot be combined with other fields or with “offset”."),
    ),
    (r"cannot order by '(?P<name>.*)' \(.*\)", lambda m: _("Cannot order by “%(name)s”.")),
    (
        r"cannot (?:filter|order) by '(?P<name>.*)' while searching .*",
        lambda m: _("“%(name)s” cannot be combined with “search”."),
    ),
    (
        r"search is disabled|filtering by tag with a search query .*",
        lambda m: _("“search” cannot be used here."),
    ),
    (
        r"(?P<name>child_of|ancestor_of|descendant_of|translation_of) must be a positive integer",
        lambda m: _("“%(name)s” must be a page number (a whole number above 0)."),
    ),
    (r".*page doesn't exist", lambda m: _("There is no such page.")),
    (
        r"filtering by descendant_of with child_of is not supported",
        lambda m: _("“descendant_of” cannot be combined with “child_of”."),
    ),
]


def russian_message(message):
    """Wagtail's English refusal in the site's language; one it does not know gets a general sentence."""
    for pattern, translate in WAGTAIL_MESSAGES:
        match = re.fullmatch(pattern, message, flags=re.DOTALL)
        if match:
            return translate(match) % match.groupdict()
    return _("The request's parameters are written wrongly; see the API's description.")


class TranslatedErrorsMixin:
    """For a Wagtail API viewset: a 400 or 404 whose `message` is in the site's language.

    Our own refusals (BadRequestError raised with a gettext message) are kept; Wagtail's English ones are
    translated by WAGTAIL_MESSAGES."""

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            return Response(
                {"message": _("Nothing found at this address.")}, status=status.HTTP_404_NOT_FOUND
            )
        if isinstance(exc, BadRequestError):
            message = str(exc)
            if not getattr(exc, "translated", False):
                message = russian_message(message)
            return Response({"message": message}, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)


class SafeFindMixin:
    """`find/?id=` takes a number only and `?html_path=`/`?id=` no NUL byte: anything else finds nothing (404)
    instead of Wagtail's int() error (500) or PostgreSQL's refusal of NUL in a query."""

    def find_object(self, queryset, request):
        values = {name: request.GET.get(name, "") for name in self.find_query_parameters}
        if any("\x00" in value for value in values.values()):
            return None
        if "id" in request.GET and not re.fullmatch(r"[0-9]{1,18}", values.get("id", "")):
            return None
        return super().find_object(queryset, request)


def bad_request(message):
    """A BadRequestError whose message is already in the site's language (TranslatedErrorsMixin keeps it)."""
    error = BadRequestError(message)
    error.translated = True
    return error
