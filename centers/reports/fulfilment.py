"""The plan items of a center's year with what fulfilled them, for the report's first section."""

from centers.plans.fulfilment import linked_pages, plan_items


def plan_rows(center, academic_year):
    """[(plan item, [Fulfilment...])] of the published plan; only public pages count, as the report is public."""
    items = list(plan_items(center, academic_year))
    found = linked_pages(items, public_only=True)
    return [(item, found[item.pk]) for item in items]
