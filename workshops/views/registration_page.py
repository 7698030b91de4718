"""The registration form's page for a visit, built once and kept (socialjustice.pagecache).

Everything under the layout that does not depend on who asks (the workshop, its places, the
form with the networks it offers, the button's words) is rendered once with a placeholder
for the CSRF token, and kept until the workshop, its places or the networks change, or until
the next moment the page would read differently (registration opening or closing, here or in
another workshop of its series). A signed-in person gets a block of their own instead, the
form filled from their profile (`own_block`: rebuilt when they are saved or their networks
change). Each request puts its own CSRF token in and renders the layout around the block;
most visitors (no session, no message waiting) get the layout kept too, since rendering it
was half of what their page cost. The directory's names are suggested as they are typed in
the networks field (static/js/suggest.js), not listed in the page, so it does not grow with
the directory.

A form sent back with errors, and a page whose registration is not open, are built afresh by
the view (workshops/views/registration.py) from the same templates and context.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from networks.pages import NETWORK_PAGES
from networks.signed_in import own_block
from socialjustice.keptpages import for_visitors, render_with_forms, with_csrf_token
from socialjustice.pagecache import cached, is_anonymous_visit

from ..enums import WorkshopState
from ..forms.registration import RegistrationForm
from ..models import Workshop
from ..pages import detail_groups
from ..selectors import registration as selectors
from ..selectors.workshops import open_in_series
from ..services import registration as services


def page_groups(slug: str) -> tuple[str, ...]:
    """What the page is built from: the workshop's page and its places (a registration
    changes them), and the networks (a new one, a person joining one)."""
    return (*detail_groups(slug), NETWORK_PAGES)


def also_open(workshop: Workshop, *, now) -> list[Workshop]:
    """The series' other workshops one may register for now, with this one."""
    return open_in_series(workshop, is_open=lambda w: services.closed_reason(w, now=now) is None)


def body_context(workshop: Workshop, form, *, now, signed_in: bool) -> dict:
    """What the page under the layout shows (workshops/includes/register_body.html)."""
    return {
        "workshop": workshop,
        "availability": selectors.availability(workshop, now=now),
        "form": form,
        "signed_in": signed_in,
        # The page's own address, not the request's: the block is kept for everyone.
        "login_next": reverse("workshops:register", args=[workshop.slug]),
    }


def _next_change(workshop: Workshop, series: list[Workshop], *, now):
    """When the page would next read differently with no edit: registration opening or
    closing here or in another workshop of the series (which it offers too)."""
    moments = [workshop.starts_at, workshop.ends_at]
    for one in (workshop, *series):
        moments += [one.registration_opens_at, selectors.registration_closes_at(one)]
    return min((moment for moment in moments if moment and moment > now), default=None)


def _block(slug: str, *, person=None) -> dict:
    """The page under the layout for `person` (None: for everyone, so built from nothing of
    the request), with the CSRF placeholder in its form; "open" False when registration is
    not open (the view builds that page itself)."""
    workshop = Workshop.objects.filter(slug=slug).first()
    if workshop is None or workshop.state == WorkshopState.DRAFT:
        return {"open": False}
    now = timezone.now()
    # Every published workshop of the series, open or not: when one opens, it is offered.
    series = open_in_series(workshop, is_open=lambda w: True)
    expires_at = _next_change(workshop, series, now=now)
    if services.closed_reason(workshop, now=now):
        return {"open": False, "expires_at": expires_at}
    form = RegistrationForm(
        initial=RegistrationForm.initial_for(person) if person is not None else {},
        workshop=workshop,
        also_open=[w for w in series if services.closed_reason(w, now=now) is None],
        person=person,
    )
    context = body_context(workshop, form, now=now, signed_in=person is not None)
    return {
        "open": True,
        "pk": workshop.pk,
        "title": workshop.title,
        "body": render_with_forms("workshops/includes/register_body.html", context),
        "expires_at": expires_at,
    }


def _public_block(slug: str) -> dict:
    return cached(page_groups(slug), "register", slug, get_language(), build=lambda: _block(slug))


def _whole_page(slug: str) -> dict:
    """The whole page as every visitor with no session and no message waiting gets it, the
    layout too (`keptpages.for_visitors`)."""
    block = _public_block(slug)
    if not block["open"]:
        return block
    html = for_visitors("workshops/register.html", {"title": block["title"], "body": block["body"]})
    return {"open": True, "html": html, "expires_at": block["expires_at"]}


def kept_page(request, slug):
    """The form's page for a visit (a GET), from the cache; None when registration is not
    open or the workshop is not there to register for."""
    if is_anonymous_visit(request):
        # Most visitors: the layout is kept too, and only the CSRF token put in (rendering the
        # layout took half of what the page cost).
        page = cached(
            page_groups(slug),
            "register-whole",
            slug,
            get_language(),
            build=lambda: _whole_page(slug),
            every_group=False,
        )
        if not page["open"]:
            return None
        return HttpResponse(with_csrf_token(request, page["html"]))
    block = _public_block(slug)
    if not block["open"]:
        return None
    person = request.user
    if person.is_authenticated:
        block = own_block(
            person,
            f"register-{block['pk']}",
            groups=page_groups(slug),
            build=lambda: _block(slug, person=person),
        )
        if not block["open"]:
            return None
    context = {
        "title": block["title"],
        "body": with_csrf_token(request, block["body"]),
    }
    return render(request, "workshops/register.html", context)
