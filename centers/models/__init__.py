from .center import CenterContact, CenterIndexPage, CenterPage
from .documents import CenterDocument
from .reference import Direction, EducationLevel, EventFormat, MaterialType, Organization, Subject

__all__ = [
    "CenterContact",
    "CenterDocument",
    "CenterIndexPage",
    "CenterPage",
    "Direction",
    "EducationLevel",
    "EventFormat",
    "MaterialType",
    "Organization",
    "Subject",
]
