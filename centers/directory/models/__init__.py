from centers.directory.models.center import CenterContact, CenterIndexPage, CenterPage
from centers.directory.models.reference import (
    Direction,
    EducationLevel,
    EventFormat,
    MaterialType,
    Organization,
    Subject,
)

__all__ = [
    "CenterContact",
    "CenterIndexPage",
    "CenterPage",
    "Direction",
    "EducationLevel",
    "EventFormat",
    "MaterialType",
    "Organization",
    "Subject",
]
