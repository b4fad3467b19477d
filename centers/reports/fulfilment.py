"""The plan items of a center's year with what fulfilled them, for the report's first section."""


def plan_rows(center, academic_year):
    """MERGE SEAM: return centers.plans.fulfilment.plan_fulfilment(center, academic_year) once centers.plans exists.

    Each row is (plan item, [linked live pages with their dates]); an empty list is shown as «не выполнено».
    This branch has no plans capability, so the report has no plan section (an empty list hides it).
    """
    return []
