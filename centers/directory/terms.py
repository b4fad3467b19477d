"""Center terms: the public status is computed at render time (CenterPage.term_has_ended); this records the change.

The daily command writes one audit-log entry per center and term end, so a missed or repeated run is harmless.
"""

from wagtail.log_actions import log
from wagtail.models import PageLogEntry

from centers.directory.models import CenterPage

TERM_ENDED_ACTION = "centers.term_ended"


def record_ended_terms(today):
    """Log "term ended" for centers whose term ended before `today` and is not logged yet; returns them."""
    recorded = []
    ended = CenterPage.objects.filter(term_end__lt=today).order_by("term_end", "pk")
    logged = {
        (entry.page_id, (entry.data or {}).get("term_end"))
        for entry in PageLogEntry.objects.filter(action=TERM_ENDED_ACTION, page__in=ended)
    }
    for center in ended:
        if (center.pk, center.term_end.isoformat()) in logged:
            continue
        log(instance=center, action=TERM_ENDED_ACTION, data={"term_end": center.term_end.isoformat()})
        recorded.append(center)
    return recorded
