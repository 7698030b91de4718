"""Participants' side of registration: the form, the private manage page, the privacy notice.

Nobody needs an account: the manage link in every email (a long random token) opens the
registration it belongs to and nothing else.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ..enums import RegistrationStatus, Visibility, WorkshopFormat, WorkshopState
from ..forms import NeedsForm, RegistrationForm
from ..models import Material, Registration, Workshop
from ..services import registration as services
from .public import file_response


def _open_in_series(workshop: Workshop, now) -> list[Workshop]:
    if workshop.series_id is None:
        return []
    others = (
        Workshop.objects.filter(series_id=workshop.series_id, state=WorkshopState.PUBLISHED)
        .exclude(pk=workshop.pk)
        .order_by("starts_at")
    )
    return [other for other in others if services.closed_reason(other, now=now) is None]


@never_cache
def register(request, slug):
    """Anyone may register for a published workshop while registration is open."""
    workshop = get_object_or_404(Workshop.objects.select_related("series"), slug=slug)
    if workshop.state == WorkshopState.DRAFT:
        raise Http404
    now = timezone.now()
    closed = services.closed_reason(workshop, now=now)
    also_open = _open_in_series(workshop, now) if not closed else []
    if closed:
        return render(request, "workshops/register.html", {"workshop": workshop, "closed": closed})
    if request.method == "POST":
        form = RegistrationForm(request.POST, workshop=workshop, also_open=also_open)
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
                person=request.user if request.user.is_authenticated else None,
            )
            try:
                outcomes = services.register([workshop, *data.get("also", [])], registrant, now=now)
            except services.RegistrationClosed as error:
                form.add_error(None, str(error))
            else:
                for outcome in outcomes:
                    messages.add_message(request, *_outcome_message(outcome))
                return redirect("workshops:registered", slug=workshop.slug)
    else:
        initial = (
            RegistrationForm.initial_for(request.user) if request.user.is_authenticated else {}
        )
        form = RegistrationForm(initial=initial, workshop=workshop, also_open=also_open)
    return render(request, "workshops/register.html", {"workshop": workshop, "form": form})


def _outcome_message(outcome) -> tuple[int, str]:
    title = outcome.workshop.title
    if outcome.already_registered:
        return messages.INFO, _(
            "This email address is already registered for %(title)s. We have emailed the link "
            "to manage that registration to the address."
        ) % {"title": title}
    if outcome.registration.status == RegistrationStatus.CONFIRMED:
        return messages.SUCCESS, _(
            "Your place at %(title)s is confirmed. We have emailed you the details and a "
            "calendar file."
        ) % {"title": title}
    return messages.WARNING, _(
        "%(title)s is full, so you are on the waiting list, number %(position)s. We will email "
        "you if a place becomes free."
    ) % {"title": title, "position": outcome.position}


@never_cache
def registered(request, slug):
    """After registering: what happened, and what to do next."""
    workshop = get_object_or_404(Workshop, slug=slug, state=WorkshopState.PUBLISHED)
    return render(request, "workshops/registered.html", {"workshop": workshop})


def _registration_for(token) -> Registration:
    return get_object_or_404(
        Registration.objects.select_related("workshop").prefetch_related("networks"),
        token=token,
    )


@never_cache
def manage(request, token):
    """The private manage page: whoever holds the link sees and changes this registration."""
    registration = _registration_for(token)
    workshop = registration.workshop
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
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    return render(
        request,
        "workshops/manage_registration.html",
        {
            "registration": registration,
            "workshop": workshop,
            "form": form,
            "position": services.waiting_position(registration)
            if registration.status == RegistrationStatus.WAITING
            else None,
            "join_link": services.join_link_for(registration, workshop),
            "can_cancel": registration.status != RegistrationStatus.CANCELLED
            and workshop.ends_at > timezone.now(),
            # A confirmed place opens the materials kept for participants, too.
            "materials": list(workshop.materials.order_by("kind", "-created_at", "pk"))
            if confirmed
            else list(workshop.materials.filter(visibility="public").order_by("kind", "pk")),
        },
    )


@never_cache
def material_download(request, token, pk):
    """A material through the manage link: participants without an account get the files
    kept for registered participants here."""
    registration = _registration_for(token)
    material = get_object_or_404(Material, pk=pk, workshop_id=registration.workshop_id)
    if (
        material.visibility != Visibility.PUBLIC
        and registration.status != RegistrationStatus.CONFIRMED
    ):
        raise Http404
    return file_response(material)


@never_cache
def cancel(request, token):
    """Ask once more, then cancel. A freed place goes to the first person waiting."""
    registration = _registration_for(token)
    if registration.status == RegistrationStatus.CANCELLED:
        return redirect("workshops:manage_registration", token=token)
    if request.method == "POST":
        services.cancel_registration(registration)
        messages.success(request, _("Your registration is cancelled. We have emailed you."))
        return redirect("workshops:manage_registration", token=token)
    return render(
        request,
        "workshops/cancel_registration.html",
        {"registration": registration, "workshop": registration.workshop},
    )


def privacy(request):
    return render(request, "workshops/privacy.html")
