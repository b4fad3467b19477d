from .calendar import CalendarPage
from .center import CenterContact, CenterIndexPage, CenterPage
from .consent import ConsentRecord
from .consultations import ConsultationRequest
from .documents import CenterDocument
from .practices import PracticeAttachment, PracticeAuthor, PracticeIndexPage, PracticePage
from .events import EventException, EventIndexPage, EventOccurrence, EventPage, EventSpeaker
from .lifecycle import (
    Application,
    ApplicationPage,
    ApplicationTransition,
    ApprovalOrder,
    ExpertReview,
    ReviewCriterion,
    ReviewScore,
)
from .reference import Direction, EducationLevel, EventFormat, MaterialType, Organization, Subject
from .registrations import Registration

__all__ = [
    "Application",
    "ApplicationPage",
    "ApplicationTransition",
    "ApprovalOrder",
    "CalendarPage",
    "CenterContact",
    "CenterDocument",
    "CenterIndexPage",
    "CenterPage",
    "ConsentRecord",
    "ConsultationRequest",
    "Direction",
    "EducationLevel",
    "EventException",
    "EventFormat",
    "EventIndexPage",
    "EventOccurrence",
    "EventPage",
    "EventSpeaker",
    "ExpertReview",
    "MaterialType",
    "Organization",
    "PracticeAttachment",
    "PracticeAuthor",
    "PracticeIndexPage",
    "PracticePage",
    "Registration",
    "ReviewCriterion",
    "ReviewScore",
    "Subject",
]
