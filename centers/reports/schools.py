"""Which registry organizations a center reached: names teachers typed, matched to `Organization` by the department.

A name matches when, normalised (case, ё, quotes, spaces, the № sign), it equals an organization's short or full
name, or when the department mapped it on the review screen. Names that match nothing are listed there.
"""

import re
from collections import Counter

from django.db.models import Count

from centers.consultations.models import ConsultationRequest
from centers.directory.models import Organization
from centers.events.models import Registration
from centers.reports.models import OrganizationNameMapping

QUOTES = re.compile(r"[«»\"“”„‟'’`]")
NUMBER_SIGN = re.compile(r"\s*№\s*")
SPACES = re.compile(r"\s+")


def normalised(name):
    """The form names are compared in: «МБОУ  „Лицей №1“» and «мбоу лицей № 1» are the same name."""
    text = QUOTES.sub(" ", (name or "").casefold().replace("ё", "е"))
    text = NUMBER_SIGN.sub(" № ", text)
    return SPACES.sub(" ", text).strip(" .,;")


def registry():
    """normalised name -> organization id: the registry's short and full names, then the department's mappings."""
    known = {}
    for pk, short_name, full_name in Organization.objects.values_list("pk", "short_name", "full_name"):
        known.setdefault(normalised(short_name), pk)
        known.setdefault(normalised(full_name), pk)
    known.update(OrganizationNameMapping.objects.values_list("name_key", "organization_id"))
    return known


def reaching_registrations(meetings):
    """Registrations that reached a school: confirmed places whose attendance was not marked as missed."""
    return Registration.objects.filter(
        occurrence__in=meetings.values("pk"), status=Registration.Status.CONFIRMED
    ).exclude(attended=False)


def typed_names(meetings, answered_consultations):
    """Every distinct organization name typed by the year's reaching registrants and answered requesters."""
    names = set(reaching_registrations(meetings).values_list("organization", flat=True).distinct())
    names.update(answered_consultations.values_list("organization", flat=True).distinct())
    return {name for name in names if name and name.strip()}


def reached_organizations(meetings, answered_consultations, known=None):
    """Ids of the registry organizations the names of the year match (distinct schools reached)."""
    known = registry() if known is None else known
    matches = (known.get(normalised(name)) for name in typed_names(meetings, answered_consultations))
    return {pk for pk in matches if pk is not None}


def unmatched_names():
    """[(name as typed, how many registrations and requests)] that match no organization, most frequent first.

    Names differing only in case, quotes or spaces are one entry, shown as typed most often. Anonymized
    registrations have no name left and are not counted.
    """
    known = registry()
    counted = Counter()
    spellings = {}
    sources = [
        Registration.objects.exclude(organization="").values("organization"),
        ConsultationRequest.objects.exclude(organization="").values("organization"),
    ]
    for source in sources:
        for name, count in source.annotate(n=Count("pk")).values_list("organization", "n"):
            key = normalised(name)
            if not key or key in known:
                continue
            counted[key] += count
            spellings.setdefault(key, Counter())[name.strip()] += count
    named = [(spellings[key].most_common(1)[0][0], count) for key, count in counted.items()]
    return sorted(named, key=lambda entry: (-entry[1], entry[0]))


def map_name(name, organization, user=None):
    """Map a typed name (any of its spellings) to an organization; the numbers follow at once."""
    mapping, _created = OrganizationNameMapping.objects.update_or_create(
        name_key=normalised(name),
        defaults={"name": name.strip(), "organization": organization, "mapped_by": user},
    )
    return mapping
