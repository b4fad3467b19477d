from .center import CenterContact, CenterIndexPage, CenterPage
from .consent import ConsentRecord
from .consultations import ConsultationRequest
from .documents import CenterDocument
from .practices import PracticeAttachment, PracticeAuthor, PracticeIndexPage, PracticePage
from .reference import Direction, EducationLevel, EventFormat, MaterialType, Organization, Subject

__all__ = [
    "CenterContact",
    "CenterDocument",
    "CenterIndexPage",
    "CenterPage",
    "ConsentRecord",
    "ConsultationRequest",
    "Direction",
    "EducationLevel",
    "EventFormat",
    "MaterialType",
    "Organization",
    "PracticeAttachment",
    "PracticeAuthor",
    "PracticeIndexPage",
    "PracticePage",
    "Subject",
]
