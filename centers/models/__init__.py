from .calendar import CalendarPage
from .center import CenterContact, CenterIndexPage, CenterPage
from .center_content import CenterContentPage
from .communities import CommunityIndexPage, CommunityMaterial, CommunityPage
from .consent import ConsentRecord
from .consultations import ConsultationRequest
from .documents import CenterDocument
from .events import EventException, EventIndexPage, EventOccurrence, EventPage, EventSpeaker
from .library import LibraryEntry, LibraryEntryValue, LibraryPage
from .lifecycle import (
    Application,
    ApplicationPage,
    ApplicationTransition,
    ApprovalOrder,
    ExpertReview,
    ReviewCriterion,
    ReviewScore,
)
from .materials import MaterialAttachment, MaterialAuthor, MaterialIndexPage, MaterialPage, MaterialTag
from .news import NewsIndexPage, NewsPage
from .pages import ContentPage
from .practices import PracticeAttachment, PracticeAuthor, PracticeIndexPage, PracticePage
from .projects import ProjectPage, ProjectStage
from .reference import Direction, EducationLevel, EventFormat, MaterialType, Organization, Subject
from .registrations import Registration

__all__ = [
    "Application",
    "ApplicationPage",
    "ApplicationTransition",
    "ApprovalOrder",
    "CalendarPage",
    "CenterContact",
    "CenterContentPage",
    "CenterDocument",
    "CenterIndexPage",
    "CenterPage",
    "CommunityIndexPage",
    "CommunityMaterial",
    "CommunityPage",
    "ConsentRecord",
    "ConsultationRequest",
    "ContentPage",
    "Direction",
    "EducationLevel",
    "EventException",
    "EventFormat",
    "EventIndexPage",
    "EventOccurrence",
    "EventPage",
    "EventSpeaker",
    "ExpertReview",
    "LibraryEntry",
    "LibraryEntryValue",
    "LibraryPage",
    "MaterialAttachment",
    "MaterialAuthor",
    "MaterialIndexPage",
    "MaterialPage",
    "MaterialTag",
    "MaterialType",
    "NewsIndexPage",
    "NewsPage",
    "Organization",
    "PracticeAttachment",
    "PracticeAuthor",
    "PracticeIndexPage",
    "PracticePage",
    "ProjectPage",
    "ProjectStage",
    "Registration",
    "ReviewCriterion",
    "ReviewScore",
    "Subject",
]
