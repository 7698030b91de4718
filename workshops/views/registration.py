"""Participants' side of registration: the form, the private manage page, the privacy notice.

Nobody needs an account: the manage link in every email (a long random token) opens the
registration it belongs to and nothing else.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from socialjustice.errors import PortalError
from socialjustice.ratelimits import connection_key, over_limit

from .. import calendar
from ..emails import join_link_for, workshop_url
from ..enums import RegistrationStatus, WorkshopFormat, WorkshopState
from ..forms.registration import NeedsForm, RegistrationForm
from ..models import Registration, Workshop
from ..permissions import LinkHolder
from ..selectors import registration as selectors
from ..selectors.materials import materials_visible_to
from ..services import registration as services
from ..services.registration import normalise_email
from . import registration_page
from .workshops import ics_response


@never_cache
def register(request, slug):
    """Anyone may register for a published workshop while registration is open. A visit's
    page comes from the cache (registration_page); a form sent is read here."""
    if request.method != "POST" and (page := registration_page.kept_page(request, slug)):
        return page
    workshop = get_object_or_404(Workshop, slug=slug)
    if workshop.state == WorkshopState.DRAFT:
        raise Http404
    now = timezone.now()
    closed = services.closed_reason(workshop, now=now)
    if closed:
        context = {"workshop": workshop, "title": workshop.title, "closed": closed}
        return render(request, "workshops/register.html", context)
    also_open = registration_page.also_open(workshop, now=now)
    person = request.user if request.user.is_authenticated else None

    def page(form, **kwargs):
        # The places left are counted only for a page shown: a registration redirects.
        context = registration_page.body_context(
            workshop, form, now=now, signed_in=person is not None
        )
        context["title"] = workshop.title
        return render(request, "workshops/register.html", context, **kwargs)

    if request.method == "POST":
        form = RegistrationForm(request.POST, workshop=workshop, also_open=also_open, person=person)
        if form.is_valid() and _over_limit(request, workshop, form.cleaned_data["email"]):
            form.add_error(None, TOO_MANY)
            return page(form, status=429)
        if form.is_valid():
            data = form.cleaned_data
            registrant = services.Registrant(
                name=data["name"],
                email=data["email"],
                organisation=data["organisation"],
                sector=data["sector"],
                networks=list(data["networks"]),
                access_requirements=data["access_requirements"],
                dietary_needs=data.get("dietary_needs", ""),
                how_heard=data["how_heard"],
                person=person,
                source=connection_key(request),
            )
            try:
                outcomes = services.register([workshop, *data.get("also", [])], registrant, now=now)
            except services.RegistrationClosed as error:
                form.add_error(None, str(error))
            else:
                for level, text in _outcome_messages(request, registrant, outcomes):
                    messages.add_message(request, level, text)
                return redirect("workshops:registered", slug=workshop.slug)
    else:
        # Not kept a moment ago, now open (the clock has just passed its opening).
        initial = RegistrationForm.initial_for(person) if person is not None else {}
        form = RegistrationForm(
            initial=initial, workshop=workshop, also_open=also_open, person=person
        )
    return page(form)


# The groups of its page read in the request's first round trip to the cache
# (socialjustice.pagecache.expect_view), one workshop's places among them.
register.page_groups = registration_page.page_groups


TOO_MANY = gettext_lazy(
    "Too many registrations have come from your connection, or for this email address, in "
    "the last few minutes. Please wait a few minutes and send the form again: what you typed "
    "is kept below."
)


def _over_limit(request, workshop, email) -> bool:
    """The limits on registering: per connection, per address typed, per workshop."""
    return (
        over_limit(request, action="workshop_register")
        or over_limit(request, action="workshop_register_address", key=normalise_email(email))
        or over_limit(request, action="workshop_register_workshop", key=str(workshop.pk))
    )


def _outcome_messages(request, registrant, outcomes) -> list[tuple[int, str]]:
    """What the page says after registering. Someone signed in who registered their own
    address is told their place or their number on the waiting list. Anyone else is told
    the same thing whatever happened, so the page never shows whether an address was
    registered already: the email sent to it says which."""
    own = request.user.is_authenticated and normalise_email(request.user.email) == (
        normalise_email(registrant.email)
    )
    if not own:
        return [
            (
                messages.SUCCESS,
                _(
                    "Thank you. We have emailed %(email)s about %(titles)s: whether you have "
                    "a place or a place on the waiting list, and your private link to change "
                    "or cancel."
                )
                % {
                    "email": registrant.email.strip(),
                    "titles": ", ".join(outcome.workshop.title for outcome in outcomes),
                },
            )
        ]
    return [_own_outcome(outcome) for outcome in outcomes]


def _own_outcome(outcome) -> tuple[int, str]:
    title = outcome.workshop.title
    registration = outcome.registration
    if outcome.already_registered:
        # What the email sent for it says too: the private link again, nothing changed.
        if registration.status == RegistrationStatus.CONFIRMED:
            return messages.INFO, _(
                "You already have a place at %(title)s, so nothing has changed. We have "
                "emailed you your private link again."
            ) % {"title": title}
        return messages.INFO, _(
            "You are already on the waiting list for %(title)s, number %(position)s, so "
            "nothing has changed. We have emailed you your private link again."
        ) % {"title": title, "position": selectors.waiting_position(registration)}
    if registration.status == RegistrationStatus.CONFIRMED:
        return messages.SUCCESS, _(
            "You have a place at %(title)s. We have emailed you the details and a calendar file."
        ) % {"title": title}
    position = outcome.position or selectors.waiting_position(registration)
    return messages.WARNING, _(
        "%(title)s is full, so you are on the waiting list, number %(position)s. We will email "
        "you if a place becomes free."
    ) % {"title": title, "position": position}


@never_cache
def registered(request, slug):
    """After registering: what happened, and what to do next."""
    workshop = get_object_or_404(Workshop, slug=slug, state=WorkshopState.PUBLISHED)
    return render(request, "workshops/registered.html", {"workshop": workshop})


def _registration_for(token) -> Registration:
    try:
        return selectors.registration_by_token(token)
    except Registration.DoesNotExist as missing:
        raise Http404 from missing


@never_cache
def manage(request, token):
    """The private manage page: whoever holds the link sees and changes this registration."""
    registration = _registration_for(token)
    workshop = registration.workshop
    now = timezone.now()
    form = NeedsForm(instance=registration)
    if request.method == "POST":
        form = NeedsForm(request.POST, instance=registration)
        if form.is_valid():
            services.update_needs(
                registration,
                access_requirements=form.cleaned_data["access_requirements"],
                dietary_needs=form.cleaned_data["dietary_needs"],
            )
            messages.success(request, _("Your needs are saved. Thank you for telling us."))
            return redirect("workshops:manage_registration", token=token)
    if workshop.format == WorkshopFormat.ONLINE:
        del form.fields["dietary_needs"]
    status = registration.status
    join_link = join_link_for(registration, workshop)
    return render(
        request,
        "workshops/manage_registration.html",
        {
            "registration": registration,
            "workshop": workshop,
            "form": form,
            "position": selectors.waiting_position(registration)
            if status == RegistrationStatus.WAITING
            else None,
            "join_link": join_link,
            "map_url": calendar.map_url(workshop),
            # Only a place goes in a calendar; the person's own links may carry the joining
            # link (these pages are theirs alone, never cached).
            "calendar_links": calendar.add_links(
                workshop,
                url=workshop_url(workshop),
                ics_url=reverse("workshops:registration_calendar", args=[token]),
                join_link=join_link,
            )
            if status == RegistrationStatus.CONFIRMED
            else None,
            "can_cancel": status != RegistrationStatus.CANCELLED and workshop.ends_at > now,
            # After cancelling: the way back while registration is open (to the waiting list
            # if the places have gone since).
            "again": selectors.availability(workshop, now=now)
            if status == RegistrationStatus.CANCELLED
            and services.closed_reason(workshop, now=now) is None
            else None,
            # A confirmed place opens the materials kept for participants, too.
            "materials": materials_visible_to(LinkHolder(registration), workshop),
        },
    )


@never_cache
def registration_calendar(request, token):
    """A confirmed person's own calendar file: the public one, with the joining link of an
    online workshop (the public file never has it)."""
    registration = _registration_for(token)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise Http404
    workshop = registration.workshop
    content = calendar.calendar_for(
        [workshop],
        url_for=workshop_url,
        name=workshop.title,
        join_link_for=lambda w: join_link_for(registration, w),
    )
    return ics_response(content, f"{workshop.slug}.ics")


@never_cache
def cancel(request, token):
    """Ask once more, then cancel. A freed place goes to the first person waiting."""
    registration = _registration_for(token)
    if registration.status == RegistrationStatus.CANCELLED:
        return redirect("workshops:manage_registration", token=token)
    if request.method == "POST":
        try:
            services.cancel_registration(registration)
        except PortalError as error:
            # Cancelled a moment ago (a second click): the page below says so.
            messages.info(request, str(error))
        else:
            messages.success(request, _("Your registration is cancelled. We have emailed you."))
        return redirect("workshops:manage_registration", token=token)
    return render(
        request,
        "workshops/cancel_registration.html",
        {"registration": registration, "workshop": registration.workshop},
    )


def privacy(request):
    return render(request, "workshops/privacy.html")
