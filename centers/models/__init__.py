from .center import CenterContact, CenterIndexPage, CenterPage
from .documents import CenterDocument
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

__all__ = [
    "Application",
    "ApplicationPage",
    "ApplicationTransition",
    "ApprovalOrder",
    "CenterContact",
    "CenterDocument",
    "CenterIndexPage",
    "CenterPage",
    "Direction",
    "EducationLevel",
    "EventFormat",
    "ExpertReview",
    "MaterialType",
    "Organization",
    "ReviewCriterion",
    "ReviewScore",
    "Subject",
]
