"""Events of the centers: a center's event index, the event page, and its dated occurrences."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from blocks.stream import body_blocks, program_blocks
from centers.common.api_fields import NameField, NamesField
from centers.common.kept import kept
from centers.common.references import ChoosableReferencesPageForm
from centers.common.same_center import SameCenterChoicePanel, link_to_plan_item
from centers.directory.models.center import CenterPage
from centers.directory.models.sections import CenterSectionPage
from centers.events import naming, recurrence
from centers.events.api_fields import UpcomingMeetingsField
from centers.events.cards import CARD_COLUMNS, MeetingsByIds
from centers.events.models.occurrences import EventOccurrence

EVENTS_PER_PAGE = 20


def center_event_ids(center):
    """The events the center runs or co-organizes, draft or live."""
    co_organized = EventPage.co_organizers.through.objects.filter(centerpage=center).values("eventpage_id")
    return list(
        EventPage.objects.filter(Q(host_center=center) | Q(pk__in=co_organized)).values_list("pk", flat=True)
    )


def of_center(center, request=None):
    """Meetings of events the center runs or co-organizes, by the events' ids kept until a page changes
    (centers.common.kept): a join to co-organizers needed DISTINCT and an OR over it misled PostgreSQL's plans."""
    event_ids = kept(request, f"center-event-ids:{center.pk}", lambda: center_event_ids(center))
    return Q(event_id__in=event_ids)


class EventIndexPage(CenterSectionPage):
    template = "centers/events/event_index_page.html"
    subpage_types = ["centers.EventPage"]
    section_slug = "events"
    section_title = _("Events")
    cache_query_parameters = frozenset({"when", "page"})  # what get_context reads

    class Meta:
        verbose_name = _("event index")
        verbose_name_plural = _("event indexes")

    @cached_property
    def center(self):
        """The center above, kept until a page changes (centers.common.kept): every view of the list shows it."""
        return kept(None, f"center-above:{self.pk}", lambda: CenterPage.objects.ancestor_of(self).first())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        meetings = EventOccurrence.objects.filter(is_cancelled=False, event__live=True)
        if self.center is not None:
            meetings = meetings.filter(of_center(self.center, request))
        meetings = meetings.select_related("event", "event__format", "event__host_center").only(*CARD_COLUMNS)
        past = request.GET.get("when") == "past"
        if past:
            listed = meetings.filter(end__lt=now).order_by("-start", "-pk")
        else:
            listed = meetings.filter(end__gte=now).order_by("start", "pk")
        meetings_page = Paginator(listed.values_list("pk", flat=True), EVENTS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        context.update(
            center=self.center,
            showing_past=past,
            meetings_page=meetings_page,
            meetings=MeetingsByIds(meetings_page.object_list, meetings),
        )
        return context


class EventPage(RoutablePageMixin, Page):
    base_form_class = ChoosableReferencesPageForm
    template = "centers/events/event_page.html"
    cache_query_parameters = frozenset({"r"})  # register/done/?r=<the registration, signed>

    class Repeat(models.TextChoices):
        NONE = "", _("Does not repeat")
        WEEKLY = recurrence.WEEKLY, _("Weekly, on the start's weekday")
        MONTHLY_WEEKDAY = recurrence.MONTHLY_WEEKDAY, _("Monthly, on the same weekday (e.g. second Thursday)")

    format = models.ForeignKey(
        "centers.EventFormat", verbose_name=_("format"), on_delete=models.PROTECT, related_name="events"
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    place = models.CharField(_("place"), max_length=300, blank=True, help_text=_("Address and room"))
    online_url = models.URLField(_("online link"), blank=True)
    summary = models.TextField(_("summary"), max_length=1000, blank=True)
    description = StreamField(body_blocks(), verbose_name=_("description"), blank=True)
    program = StreamField(program_blocks(), verbose_name=_("program"), blank=True)
    levels = ParentalManyToManyField("centers.EducationLevel", verbose_name=_("audience: levels"), blank=True)
    subjects = ParentalManyToManyField("centers.Subject", verbose_name=_("audience: subjects"), blank=True)
    co_organizers = ParentalManyToManyField(
        "centers.CenterPage",
        verbose_name=_("co-organizing centers"),
        blank=True,
        related_name="co_organized_events",
        help_text=_(
            "The event also shows on these centers' pages, and their coordinators see the participants."
        ),
    )
    community = models.ForeignKey(
        "centers.CommunityPage",
        verbose_name=_("meeting of the community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_(
            "Choose a city subject community if this event is its meeting: the community's page then lists it."
        ),
    )
    host_center = models.ForeignKey(
        "centers.CenterPage",
        verbose_name=_("center"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="hosted_events",
    )
    plan_item = link_to_plan_item("linked_events")
    registration_enabled = models.BooleanField(_("registration is open"), default=True)
    capacity = models.PositiveIntegerField(
        _("seats"),
        null=True,
        blank=True,
        help_text=_("Empty means unlimited; the rest go to the waiting list."),
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("For a repeating event, the same time before each meeting. Empty: until the start."),
    )
    repeat = models.CharField(_("repeats"), max_length=20, choices=Repeat.choices, blank=True, default="")
    repeat_interval = models.PositiveSmallIntegerField(_("every (weeks or months)"), default=1)
    repeat_until = models.DateField(_("repeat until"), null=True, blank=True)
    repeat_count = models.PositiveSmallIntegerField(_("number of meetings"), null=True, blank=True)
    materials = StreamField(body_blocks(), verbose_name=_("materials after the event"), blank=True)
    academic_hours = models.PositiveSmallIntegerField(
        _("academic hours"),
        null=True,
        blank=True,
        help_text=_("The volume of one meeting, printed on its certificates."),
    )
    certificates_for_participants = models.BooleanField(
        _("certificates for participants"),
        default=False,
        help_text=_(
            "Everyone marked as attended gets a certificate of participation by e-mail after the meeting."
        ),
    )
    certificates_for_speakers = models.BooleanField(
        _("certificates for speakers"),
        default=False,
        help_text=_(
            "Speakers with an e-mail get a speaker's certificate once the meeting's attendance is marked."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("format"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldRowPanel([FieldPanel("place"), FieldPanel("online_url")]),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("program"),
        InlinePanel("speakers", label=_("Speakers")),
        MultiFieldPanel(
            [FieldPanel("levels"), FieldPanel("subjects"), FieldPanel("co_organizers")],
            heading=_("Audience and co-organizers"),
        ),
        FieldPanel("community"),
        SameCenterChoicePanel("plan_item"),
        MultiFieldPanel(
            [
                FieldPanel("registration_enabled"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_deadline")]),
            ],
            heading=_("Registration"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("repeat"),
                FieldRowPanel(
                    [FieldPanel("repeat_interval"), FieldPanel("repeat_until"), FieldPanel("repeat_count")]
                ),
                InlinePanel("exceptions", label=_("Dates without a meeting")),
            ],
            heading=_("Repetition"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("academic_hours"),
                FieldRowPanel(
                    [FieldPanel("certificates_for_participants"), FieldPanel("certificates_for_speakers")]
                ),
            ],
            heading=_("Certificates"),
        ),
        FieldPanel("materials"),
    ]

    # Wagtail's API v2 (/api/v2/pages/?type=centers.EventPage&fields=*); the meetings alone: /api/v2/events/.
    api_fields = [
        APIField("format", serializer=NameField()),
        APIField("start"),
        APIField("end"),
        APIField("place"),
        APIField("summary"),
        APIField("levels", serializer=NamesField()),
        APIField("subjects", serializer=NamesField()),
        APIField("host_center", serializer=NameField("title")),
        APIField("capacity"),
        APIField("registration_enabled"),
        APIField("recurrence_description"),
        APIField("meetings", serializer=UpcomingMeetingsField()),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("program"),
        index.RelatedFields("format", [index.SearchField("name")]),
        index.FilterField("format"),
        index.FilterField("start"),
        index.FilterField("host_center"),
        index.FilterField("community"),
    ]

    parent_page_types = ["centers.EventIndexPage"]
    subpage_types = []
    # Co-organizers are the centers that accepted an invitation (centers.cityplan.invitations): a copy starts
    # without them, and publishing a revision keeps the answers given meanwhile.
    exclude_fields_in_copy = ["co_organizers"]

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The end must be after the start.")})
        if self.registration_deadline and self.start and self.registration_deadline > self.start:
            raise ValidationError({"registration_deadline": _("The deadline cannot be after the start.")})
        if self.repeat and self.repeat_until and self.start and self.repeat_until < self.start.date():
            raise ValidationError({"repeat_until": _("The repetition cannot end before the first meeting.")})
        if self.gives_certificates and not self.academic_hours:
            raise ValidationError(
                {"academic_hours": _("Give the volume in academic hours: certificates print it.")}
            )
        if not self.repeat and (self.repeat_until or self.repeat_count):
            raise ValidationError(
                {"repeat": _("Choose how the event repeats, or clear the end of repetition.")}
            )

    def save(self, *args, **kwargs):
        if self.path:
            self.host_center = CenterPage.objects.ancestor_of(self).first()
        super().save(*args, **kwargs)
        if kwargs.get("update_fields") is None:
            self.sync_occurrences()

    # Occurrences --------------------------------------------------------------------------------------------

    def occurrence_starts(self):
        exceptions = [exception.date for exception in self.exceptions.all()]
        return recurrence.occurrence_starts(
            self.start, self.repeat, self.repeat_interval, self.repeat_until, self.repeat_count, exceptions
        )

    def sync_occurrences(self):
        """Bring the stored meetings in line with the dates; a dropped meeting with registrations is cancelled."""
        duration = self.end - self.start
        closes_before = self.start - self.registration_deadline if self.registration_deadline else None
        wanted = {start: start + duration for start in self.occurrence_starts()}
        existing = {occurrence.start: occurrence for occurrence in self.occurrences.all()}
        # A center closed early holds no meetings from its closing date on (centers.events.cancelling).
        from centers.events.cancelling import closed_from  # it imports these models

        closed_since = closed_from(self.host_center)
        for start, occurrence in existing.items():
            if start in wanted:
                continue
            if occurrence.registrations.exists():
                if not occurrence.is_cancelled:
                    occurrence.is_cancelled = True
                    occurrence.save(update_fields=["is_cancelled"])
                    if occurrence.start > timezone.now():
                        from centers.events.cancelling import tell_holders  # it imports these models

                        tell_holders(occurrence, _("the organizers have removed this date from the event."))
            else:
                occurrence.delete()
        for start, end in wanted.items():
            closes_at = start - closes_before if closes_before is not None else start
            occurrence = existing.get(start)
            cancelled = closed_since is not None and start >= closed_since
            if occurrence is None:
                EventOccurrence.objects.create(
                    event=self, start=start, end=end, registration_closes_at=closes_at, is_cancelled=cancelled
                )
            elif (occurrence.end, occurrence.registration_closes_at, occurrence.is_cancelled) != (
                end,
                closes_at,
                cancelled,
            ):
                occurrence.end, occurrence.registration_closes_at, occurrence.is_cancelled = (
                    end,
                    closes_at,
                    cancelled,
                )
                occurrence.save(update_fields=["end", "registration_closes_at", "is_cancelled"])
        if self.capacity is None or self.capacity:
            from centers.events import registration  # it imports these models

            for occurrence in self.occurrences.filter(is_cancelled=False, start__gt=timezone.now()):
                registration.promote_waitlisted(occurrence)

    @property
    def title_names_format(self):
        """True when the title already starts with the format (Практикум «…»): letters then name it only once."""
        return naming.title_names_format(self.title, self.format.name)

    @property
    def display_name(self):
        """The name in running text, the format said once (centers.events.naming)."""
        return naming.event_name(self.title, self.format.name)

    @property
    def gives_certificates(self):
        return self.certificates_for_participants or self.certificates_for_speakers

    @property
    def is_recurring(self):
        return bool(self.repeat)

    def recurrence_description(self):
        """«ежемесячно: второй четверг месяца, 8 встреч»: the count is of the meetings held, without the dates
        excluded from the series (the rule's COUNT includes them)."""
        held = len(self.occurrence_starts()) if self.repeat and self.repeat_count else None
        return recurrence.describe(self.start, self.repeat, self.repeat_interval, self.repeat_until, held)

    def rrule(self):
        return recurrence.rrule_text(
            self.start, self.repeat, self.repeat_interval, self.repeat_until, self.repeat_count
        )

    def all_centers(self):
        """The hosting center first, then the co-organizers."""
        centers = [self.host_center] if self.host_center else []
        return centers + [center for center in self.co_organizers.all() if center not in centers]

    def last_end(self):
        last = self.occurrences.filter(is_cancelled=False).order_by("-end").first()
        return last.end if last else self.end

    @property
    def has_ended(self):
        return self.last_end() < timezone.now()

    def open_occurrences(self):
        """Meetings still taking registrations."""
        if not self.registration_enabled:
            return EventOccurrence.objects.none()
        now = timezone.now()
        return self.occurrences.filter(is_cancelled=False, start__gt=now, registration_closes_at__gt=now)

    def get_pages_showing(self):
        """Where it shows besides its own listings: the pages and the event lists of the centers that co-organize it
        (a page cache purges them with it, docs/caching.md)."""
        if self.pk is None:
            return []
        centers = list(self.co_organizers.all())
        if not centers:
            return []
        below_centers = Q()
        for center in centers:
            below_centers |= Q(path__startswith=center.path, depth=center.depth + 1)
        return [*centers, *EventIndexPage.objects.filter(below_centers)]

    # Views (centers.events.views imports these models, so each route imports it when called) -----------------

    @path("")
    def event(self, request):
        from centers.events.views import event_view

        return event_view(self, request)

    @path("register/", name="register")
    def registration_form(self, request):
        from centers.events.views import registration_form_view

        return registration_form_view(self, request)

    @path("register/done/", name="registration_done")
    def registration_done(self, request):
        from centers.events.views import registration_done_view

        return registration_done_view(self, request)

    @path("ics/<int:occurrence_id>/", name="ics")
    def ics(self, request, occurrence_id):
        from centers.events.views import occurrence_ics_view

        return occurrence_ics_view(self, request, occurrence_id)


class EventSpeaker(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("surname, name and patronymic"), max_length=200)
    position = models.CharField(_("position and organization"), max_length=300, blank=True)
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    email = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_("Where the speaker's certificate is sent; never shown on the site."),
    )

    panels = [FieldPanel("name"), FieldPanel("position"), FieldPanel("topic"), FieldPanel("email")]

    class Meta(Orderable.Meta):
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self):
        return self.name


class EventException(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField(_("date"))

    panels = [FieldPanel("date")]

    class Meta(Orderable.Meta):
        verbose_name = _("date without a meeting")
        verbose_name_plural = _("dates without a meeting")

    def __str__(self):
        return self.date.strftime("%d.%m.%Y")
