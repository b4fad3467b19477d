from centers.certificates.models import Certificate
from centers.cityplan.models import CityPlanPage, CoOrganizingInvitation
from centers.communities.models import CommunityIndexPage, CommunityMaterial, CommunityPage
from centers.consultations.faq import QuestionIndexPage, QuestionPage
from centers.consultations.models import ConsultationRequest
from centers.content.models.center_content import CenterContentPage
from centers.content.models.materials import (
    MaterialAttachment,
    MaterialAuthor,
    MaterialIndexPage,
    MaterialPage,
    MaterialTag,
)
from centers.content.models.news import NewsIndexPage, NewsPage
from centers.content.models.pages import ContentPage
from centers.content.models.projects import ProjectPage, ProjectStage
from centers.council.models import CouncilDecision, CouncilMeeting
from centers.directory.models.center import CenterContact, CenterIndexPage, CenterPage
from centers.directory.models.reference import (
    Direction,
    EducationLevel,
    EventFormat,
    MaterialType,
    Organization,
    Subject,
)
from centers.documents.models import CenterDocument
from centers.events.models.calendar import CalendarPage
from centers.events.models.events import EventException, EventIndexPage, EventPage, EventSpeaker
from centers.events.models.feedback import Feedback
from centers.events.models.occurrences import EventOccurrence
from centers.events.models.registrations import Registration
from centers.library.entries import LibraryEntry, LibraryEntryValue
from centers.library.models import LibraryPage
from centers.lifecycle.models import (
    Application,
    ApplicationPage,
    ApplicationTransition,
    ApprovalOrder,
    ExpertReview,
    ReviewCriterion,
    ReviewScore,
)
from centers.outbox.models import OutgoingLetter
from centers.piloting.models import ImplementationRecommendation, PilotSchool, ProjectLinkedPage, StageResult
from centers.plans.models import PlanItem, PlanPage
from centers.practices.models import (
    PracticeAttachment,
    PracticeAuthor,
    PracticeIndexPage,
    PracticePage,
    PracticeTag,
)
from centers.privacy.models import ConsentRecord, ConsentText, PrivacySettings
from centers.privacy.person_links import PersonLink
from centers.reports.models import OrganizationNameMapping, ReportConclusion, ReportPage
from centers.subscriptions.models import SentDigestItem, Subscription

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
    "Certificate",
    "CityPlanPage",
    "CoOrganizingInvitation",
    "CommunityIndexPage",
    "CommunityMaterial",
    "CommunityPage",
    "ConsentRecord",
    "ConsentText",
    "ConsultationRequest",
    "ContentPage",
    "CouncilDecision",
    "CouncilMeeting",
    "Direction",
    "EducationLevel",
    "EventException",
    "EventFormat",
    "EventIndexPage",
    "EventOccurrence",
    "EventPage",
    "EventSpeaker",
    "ExpertReview",
    "Feedback",
    "ImplementationRecommendation",
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
    "OrganizationNameMapping",
    "OutgoingLetter",
    "PersonLink",
    "PilotSchool",
    "PlanItem",
    "PlanPage",
    "PracticeAttachment",
    "PracticeAuthor",
    "PracticeIndexPage",
    "PracticePage",
    "PracticeTag",
    "PrivacySettings",
    "ProjectLinkedPage",
    "ProjectPage",
    "ProjectStage",
    "QuestionIndexPage",
    "QuestionPage",
    "Registration",
    "ReportConclusion",
    "ReportPage",
    "ReviewCriterion",
    "ReviewScore",
    "SentDigestItem",
    "StageResult",
    "Subject",
    "Subscription",
]
