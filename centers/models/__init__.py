from .calendar import CalendarPage
from .center import CenterContact, CenterIndexPage, CenterPage
from .documents import CenterDocument
from .events import EventException, EventIndexPage, EventOccurrence, EventPage, EventSpeaker
from .reference import Direction, EducationLevel, EventFormat, MaterialType, Organization, Subject
from .registrations import Registration

__all__ = [
    "CalendarPage",
    "CenterContact",
    "CenterDocument",
    "CenterIndexPage",
    "CenterPage",
    "Direction",
    "EducationLevel",
    "EventException",
    "EventFormat",
    "EventIndexPage",
    "EventOccurrence",
    "EventPage",
    "EventSpeaker",
    "MaterialType",
    "Organization",
    "Registration",
    "Subject",
]
