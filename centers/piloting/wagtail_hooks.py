"""Pilot schools and their results in Wagtail's admin."""

from wagtail import hooks

from centers.piloting.admin_views import PilotSchoolViewSet, StageResultViewSet


@hooks.register("register_admin_viewset")
def register_pilot_schools():
    return PilotSchoolViewSet("pilot_schools")


@hooks.register("register_admin_viewset")
def register_pilot_results():
    return StageResultViewSet("pilot_results")
