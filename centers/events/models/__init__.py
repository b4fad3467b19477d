from centers.events.models.calendar import CalendarPage
from centers.events.models.events import EventException, EventIndexPage, EventPage, EventSpeaker
from centers.events.models.feedback import Feedback
from centers.events.models.occurrences import EventOccurrence
from centers.events.models.registrations import Registration

__all__ = [
    "CalendarPage",
    "EventException",
    "EventIndexPage",
    "EventOccurrence",
    "EventPage",
    "EventSpeaker",
    "Feedback",
    "Registration",
]
