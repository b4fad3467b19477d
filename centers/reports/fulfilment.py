"""The plan items of a center's year with what fulfilled them, for the report's first section."""

from django.utils import timezone

from centers.plans.fulfilment import linked_pages, plan_items, still_planned


def plan_rows(center, academic_year):
    """[(plan item, [Fulfilment...])] of the published plan; only public pages count, as the report is public.

    Only pages dated by today count; each item gets `planned`: True while its period is not over (then an item
    with nothing yet reads «запланировано», not «не выполнено»).
    """
    today = timezone.localdate()
    items = list(plan_items(center, academic_year))
    found = linked_pages(items, public_only=True, as_of=today)
    for item in items:
        item.planned = still_planned(item, today)
    return [(item, found[item.pk]) for item in items]
