"""Demo lifecycle: the application page, review criteria, and applications in every state with reviews and an order."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db.models import Max

from centers.lifecycle.applications import application_window, local_zone
from centers.models import (
    Application,
    ApplicationPage,
    ApplicationTransition,
    ApprovalOrder,
    CenterPage,
    ConsentRecord,
    Direction,
    ExpertReview,
    Organization,
    ReviewCriterion,
    ReviewScore,
)
from centers.privacy.consent import current_version, record_consents
from centers.roles.provisioning import EXPERT_COUNCIL_GROUP, MODERATORS_GROUP
from portal.devtools.demo.centers import academic_year_start
from portal.devtools.demo.documents import build_pdf
from portal.devtools.demo.site_tree import ensure_child

Status = Application.Status

CRITERIA = [
    ("Актуальность направления", "Соответствие направления приоритетам муниципальной системы образования."),
    ("Кадровый потенциал", "Квалификация педагогов, опыт проведения методических мероприятий."),
    ("Методическая и материально-техническая база", "Программы, разработки, оборудование и помещения."),
    ("Качество плана работы", "Конкретность мероприятий, сроки, ожидаемые результаты."),
]

# (contact e-mail, organization short name or new names, direction slug, status, days after the window opened,
#  contact name, position)
APPLICATIONS = [
    (
        "zayavka@sosh13.example.ru",
        "СОШ № 13",
        "literacy",
        Status.SUBMITTED,
        110,
        "Петрова Анна Викторовна",
        "заместитель директора по УВР",
    ),
    (
        "metod@lyceum1.example.ru",
        "Лицей № 1",
        "digital",
        Status.UNDER_REVIEW,
        90,
        "Кузнецова Елена Викторовна",
        "директор",
    ),
    (
        "metod@ds26.example.ru",
        "Детский сад № 26",
        "preschool",
        Status.APPROVED,
        60,
        "Гайнуллина Алсу Ринатовна",
        "заведующий",
    ),
    (
        "info@sosh1.example.ru",
        "СОШ № 1",
        "stem",
        Status.REJECTED,
        70,
        "Лебедева Светлана Юрьевна",
        "заместитель директора по НМР",
    ),
    (
        "ds9@ds9.example.ru",
        "Детский сад № 9",
        "mentoring",
        Status.WITHDRAWN,
        80,
        "Волкова Анна Михайловна",
        "старший воспитатель",
    ),
    (
        "proforientir@sosh5.example.ru",
        "СОШ № 5",
        "career",
        Status.RETURNED,
        100,
        "Соколова Ирина Павловна",
        "заместитель директора по УВР",
    ),
]
APPROVED_CENTER_SLUG = "preschool-ds26"
REJECTION_REASON = (
    "Направление уже закреплено за действующим ресурсным центром (ЦДО «Поиск»); "
    "рекомендуется участие в его работе в качестве базовой площадки."
)
REVISION_REQUEST = (
    "Приложите опись оборудования кабинета профориентации и уточните в плане работы сроки мероприятий "
    "для учителей начальных классов."
)
# expert username -> scores per criterion, recommendation, comment
REVIEWS = {
    "expert": (
        [5, 4, 4, 3],
        ExpertReview.Recommendation.APPROVE,
        "Сильный кадровый состав, план работы стоит конкретизировать.",
    ),
    "expert2": (
        [4, 4, 3, 4],
        ExpertReview.Recommendation.REVISE,
        "Нужна опись оборудования цифровой лаборатории.",
    ),
}


def signed_scan_pdf(application):
    """The signed application as the department receives it: a one-page PDF of its request (demo text)."""
    return build_pdf(
        f"Заявление о присвоении статуса ресурсного центра № {application.reference}",
        [
            f"{application.organization.full_name} просит присвоить статус муниципального ресурсного центра "
            f"по направлению «{application.direction.name}».",
            f"Контактное лицо: {application.contact_name}, {application.contact_position}.",
            "Руководитель организации — подпись, печать.",
        ],
    )


def build_application_page(home):
    return ensure_child(
        home,
        ApplicationPage,
        "application",
        title="Заявка на открытие ресурсного центра",
        intro="<p>Образовательная организация подаёт заявку в экспертный совет Департамента до 15 мая. "
        "К заявке прилагается скан заявления, подписанного руководителем (PDF).</p>",
        show_in_menus=True,
    )


def build_criteria():
    for order, (name, description) in enumerate(CRITERIA, start=1):
        ReviewCriterion.objects.get_or_create(
            name=name, defaults={"description": description, "max_score": 5, "sort_order": order}
        )
    return list(ReviewCriterion.objects.filter(active=True))


def second_expert():
    """A second council member so that reviews can be compared; no password: the demo logs in as `expert`."""
    user, created = get_user_model().objects.get_or_create(
        username="expert2",
        defaults={"first_name": "Галина", "last_name": "Рецензентова", "email": "expert2@example.ru"},
    )
    if created:
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get(name=EXPERT_COUNCIL_GROUP))
    return user


def build_lifecycle(home):
    build_application_page(home)
    criteria = build_criteria()
    experts = {"expert": get_user_model().objects.get(username="expert"), "expert2": second_expert()}
    moderator = get_user_model().objects.filter(groups__name=MODERATORS_GROUP).order_by("pk").first()
    # The window whose approved application opened a center on the 1st of September of this academic year.
    window = application_window(academic_year_start(datetime.date.today()).year)
    in_order_received = sorted(APPLICATIONS, key=lambda row: row[4])  # numbers run with the dates
    for email, organization, direction, status, days, name, position in in_order_received:
        if Application.objects.filter(contact_email=email).exists():
            continue
        submitted = window.opens + datetime.timedelta(days=days, hours=11)
        application = Application.objects.create(
            year=window.opens.year,
            number=(Application.objects.filter(year=window.opens.year).aggregate(n=Max("number"))["n"] or 0)
            + 1,
            status=status,
            organization=Organization.objects.get(short_name=organization),
            direction=Direction.objects.get(slug=direction),
            justification="В организации накоплен многолетний опыт по направлению; педагоги — победители "
            "муниципальных и региональных конкурсов профессионального мастерства.",
            staff_resources="12 педагогов высшей категории, 2 кандидата педагогических наук, 3 наставника.",
            methodological_resources="Авторские программы, сборники методических разработок за 2022–2025 годы.",
            material_resources="Оборудованный конференц-зал на 60 мест, лаборатория, комплекты оборудования.",
            information_resources="Сайт организации, сообщество в VK, электронная библиотека разработок.",
            plan_of_work="Сентябрь — установочный семинар; ноябрь — мастер-классы; февраль — конференция; "
            "май — отчёт о работе за учебный год.",
            contact_name=name,
            contact_position=position,
            contact_email=email,
            contact_phone="+7 (3463) 23-00-00",
            consent_given_at=submitted,
            consent_ip="127.0.0.1",
            consent_version=current_version(ConsentRecord.Kind.APPLICATION),
            submitted_at=submitted,
        )
        record_consents(
            [ConsentRecord.Kind.APPLICATION],
            email=email,
            name=name,
            subject=application,
            ip_address="127.0.0.1",
            given_at=submitted,
        )
        application.signed_scan.save(
            f"{application.reference}.pdf", ContentFile(signed_scan_pdf(application)), save=True
        )
        history(application, submitted, moderator, criteria, experts)


def history(application, submitted, moderator, criteria, experts):
    """The transitions (and reviews, order) that bring a new demo application to its state."""
    steps = [("", Status.SUBMITTED, None, "")]
    if application.status in {Status.UNDER_REVIEW, Status.APPROVED, Status.REJECTED}:
        steps.append((Status.SUBMITTED, Status.UNDER_REVIEW, moderator, ""))
    if application.status == Status.APPROVED:
        steps.append((Status.UNDER_REVIEW, Status.APPROVED, moderator, ""))
    if application.status == Status.REJECTED:
        steps.append((Status.UNDER_REVIEW, Status.REJECTED, moderator, REJECTION_REASON))
        application.decision_reason = REJECTION_REASON
        application.save(update_fields=["decision_reason"])
    if application.status == Status.RETURNED:
        steps.append((Status.SUBMITTED, Status.UNDER_REVIEW, moderator, ""))
        steps.append((Status.UNDER_REVIEW, Status.RETURNED, moderator, REVISION_REQUEST))
        application.revision_request = REVISION_REQUEST
        application.resubmission_deadline = datetime.date.today() + datetime.timedelta(days=14)
        application.save(update_fields=["revision_request", "resubmission_deadline"])
    if application.status == Status.WITHDRAWN:
        steps.append((Status.SUBMITTED, Status.WITHDRAWN, moderator, "Письмо организации об отзыве заявки."))
    for number, (before, after, user, comment) in enumerate(steps):
        ApplicationTransition.objects.create(
            application=application,
            from_status=before,
            to_status=after,
            user=user,
            at=submitted + datetime.timedelta(days=number * 7),
            comment=comment,
        )
    if application.status in {Status.UNDER_REVIEW, Status.APPROVED, Status.REJECTED, Status.RETURNED}:
        for username, (scores, recommendation, comment) in REVIEWS.items():
            review = ExpertReview.objects.create(
                application=application,
                expert=experts[username],
                recommendation=recommendation,
                comment=comment,
                filed_at=submitted + datetime.timedelta(days=10),
            )
            for criterion, score in zip(criteria, scores, strict=False):
                ReviewScore.objects.create(review=review, criterion=criterion, score=score)
    if application.status == Status.APPROVED:
        center = CenterPage.objects.get(slug=APPROVED_CENTER_SLUG)
        ApprovalOrder.objects.create(
            number=center.order_number,
            date=center.order_date,
            term_start=center.term_start,
            term_end=center.term_end,
            center=center,
            application=application,
            registered_by=moderator,
            registered_at=datetime.datetime.combine(
                center.order_date, datetime.time(10), tzinfo=local_zone()
            ),
        )
        application.center = center
        application.save(update_fields=["center"])
