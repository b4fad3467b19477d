"""The demo's city plan: /plan/ with a clash (two centers' seminars for 5–9 grades at one hour), the gaps the year's
events leave, one accepted and one pending invitation to co-organize."""

import datetime

from centers.cityplan.models import CityPlanPage, CoOrganizingInvitation
from centers.models import CenterPage, EducationLevel, EventFormat, EventIndexPage, EventPage
from portal.devtools.demo.events import ensure_event
from portal.devtools.demo.site_tree import ensure_child

Status = CoOrganizingInvitation.Status


def build_city_plan(home):
    ensure_child(
        home,
        CityPlanPage,
        "plan",
        title="План города",
        intro="Планы и мероприятия всех ресурсных центров на учебный год по месяцам: где они пересекаются по "
        "времени и аудитории и какие месяцы и аудитории пока без мероприятий.",
        show_in_menus=True,
    )
    build_clash()
    build_invitations()


def build_clash():
    """A seminar of the STEM center at the hour of the literacy center's practicum, for the same grades (not the
    digital center's: its term has ended, it holds nothing new)."""
    practicum = EventPage.objects.filter(slug="practicum-reading").first()
    center = CenterPage.objects.filter(slug="stem-poisk").first()
    if practicum is None or center is None:
        return
    ensure_event(
        EventIndexPage.objects.child_of(center).get(),
        "seminar-digital-reading",
        title="Семинар «Цифровые инструменты на уроках литературы»",
        format=EventFormat.objects.get(slug="seminar"),
        start=practicum.start + datetime.timedelta(hours=1),
        end=practicum.end + datetime.timedelta(hours=1),
        place=f"{center.organization.address}, кабинет информатики",
        summary="Онлайн-доски, интерактивные рабочие листы и читательские дневники в электронном виде.",
        capacity=25,
        levels=list(EducationLevel.objects.filter(slug="basic")),
    )


def build_invitations():
    """The conference's co-organizers accepted (as existing ones are); the robotics master class waits for an answer."""
    conference = EventPage.objects.filter(slug="conference-inclusion").first()
    if conference is not None:
        for center in conference.co_organizers.all():
            CoOrganizingInvitation.objects.get_or_create(
                event=conference, center=center, defaults={"status": Status.ACCEPTED}
            )
    master_class = EventPage.objects.filter(slug="master-class-robotics").first()
    invited = CenterPage.objects.filter(slug="career-ds9").first()
    if master_class is not None and invited is not None:
        CoOrganizingInvitation.objects.get_or_create(
            event=master_class,
            center=invited,
            defaults={"message": "Предлагаем провести вторую часть мастер-класса на вашей площадке."},
        )
