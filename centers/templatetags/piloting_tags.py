"""The piloting part of a project page (its pilot schools and their approved results per stage) and the council's
mark «recommended for implementation» on a project, material or practice."""

from django import template
from django.db.models import Prefetch

from centers.piloting.models import PilotSchool, StageResult
from centers.piloting.recommendations import recommendation_for as find_recommendation

register = template.Library()


@register.simple_tag(takes_context=True)
def recommendation_for(context, page):
    return find_recommendation(page, context.get("request"))


@register.simple_tag
def piloting_of(project):
    """{"schools": the accepted pilot schools, "partners": the project's other participating organizations,
    "stages": [(stage, its approved results)], "results": how many}."""
    schools = list(
        PilotSchool.objects.filter(project=project, status=PilotSchool.Status.ACCEPTED)
        .select_related("organization")
        .order_by("organization__short_name")
    )
    approved = StageResult.objects.filter(
        status=StageResult.Status.APPROVED, school__status=PilotSchool.Status.ACCEPTED
    ).select_related("school__organization")
    stages = project.stages.prefetch_related(Prefetch("pilot_results", queryset=approved, to_attr="approved"))
    rows = [(stage, stage.approved) for stage in stages]
    piloting = {school.organization_id for school in schools}
    partners = [
        organization for organization in project.organizations.all() if organization.pk not in piloting
    ]
    return {
        "schools": schools,
        "partners": partners,
        "stages": rows,
        "results": sum(len(results) for _, results in rows),
    }
