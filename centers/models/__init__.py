from .center import CenterContact, CenterIndexPage, CenterPage
from .documents import CenterDocument
from .library import LibraryPage
from .reference import Direction, EducationLevel, EventFormat, MaterialType, Organization, Subject

__all__ = [
    "CenterContact",
    "CenterDocument",
    "CenterIndexPage",
    "CenterPage",
    "Direction",
    "EducationLevel",
    "EventFormat",
    "LibraryPage",
    "MaterialType",
    "Organization",
    "Subject",
]
