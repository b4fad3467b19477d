"""/subscribe/ and its signed links: confirm (double opt-in) and one-click unsubscribe, no account needed."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from centers.common.rate_limit import client_ip, submission_limit_reached, take_submission_slot
from centers.privacy.consent import consent_context
from centers.privacy.models import ConsentRecord
from centers.privacy.person_links import PersonLink
from centers.subscriptions.forms import SubscriptionForm
from centers.subscriptions.models import Subscription
from centers.subscriptions.subscribing import (
    LinkExpired,
    LinkInvalid,
    confirm,
    subscribe,
    subscription_from_token,
    unsubscribe,
)

RATE_LIMIT_SCOPE = "subscription"


def form_response(request, form, status=200):
    context = {"form": form, **consent_context(ConsentRecord.Kind.SUBSCRIPTION)}
    return TemplateResponse(request, "centers/subscriptions/subscribe.html", context, status=status)


def refused(request):
    return TemplateResponse(request, "centers/subscriptions/refused.html", {}, status=429)


@never_cache
def subscribe_view(request):
    """The form; a valid one stores a pending subscription, writes the confirm letter and shows the same answer."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    if request.method != "POST":
        return form_response(request, SubscriptionForm())
    if submission_limit_reached(RATE_LIMIT_SCOPE, request, request.POST.get("email", "")[:254]):
        return refused(request)
    form = SubscriptionForm(request.POST)
    if not form.is_valid():
        return form_response(request, form, status=400)
    if not take_submission_slot(RATE_LIMIT_SCOPE, request, form.cleaned_data["email"]):
        return refused(request)
    subscribe(
        form.cleaned_data, ip_address=client_ip(request), base_url=request.build_absolute_uri("/").rstrip("/")
    )
    return redirect("centers_subscription_sent")


def subscription_sent_view(request):
    """The same page for everyone, whether or not the e-mail was subscribed before: it reveals nothing."""
    return TemplateResponse(request, "centers/subscriptions/sent.html", {})


def link_refused(request, error):
    """A bad or expired link: a Russian 4xx page that says what to do, never a 500."""
    expired = isinstance(error, LinkExpired)
    message = (
        _("This link has expired. Subscribe again: a new letter with a fresh link will come.")
        if expired
        else _("This link is not valid. Check that it was copied whole, or subscribe again.")
    )
    return TemplateResponse(
        request,
        "centers/subscriptions/link_refused.html",
        {"message": message},
        status=410 if expired else 400,
    )


@never_cache
def confirm_subscription_view(request, token):
    """The link of the first letter shows one button; its POST confirms. A mail scanner's GET or HEAD changes
    nothing, and the e-mail's confirmed subscription stays until this one is confirmed."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    try:
        subscription = subscription_from_token(token, PersonLink.Purpose.CONFIRM_SUBSCRIPTION)
    except (LinkExpired, LinkInvalid) as error:
        return link_refused(request, error)
    if request.method == "POST" or subscription.status != Subscription.Status.PENDING:
        subscription = confirm(subscription) if request.method == "POST" else subscription
        return TemplateResponse(
            request, "centers/subscriptions/confirmed.html", {"subscription": subscription}
        )
    return TemplateResponse(request, "centers/subscriptions/confirm.html", {"subscription": subscription})


@csrf_exempt  # a mail client's one-click POST (RFC 8058) carries no CSRF token; the link's token is the proof
@never_cache
def unsubscribe_view(request, token):
    """GET shows a button, POST unsubscribes: link checkers that open links do not unsubscribe anyone."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    try:
        subscription = subscription_from_token(token, PersonLink.Purpose.UNSUBSCRIBE)
    except (LinkExpired, LinkInvalid) as error:
        return link_refused(request, error)
    if request.method == "POST":
        subscription = unsubscribe(subscription)
        return TemplateResponse(
            request, "centers/subscriptions/unsubscribed.html", {"subscription": subscription}
        )
    return TemplateResponse(request, "centers/subscriptions/unsubscribe.html", {"subscription": subscription})
