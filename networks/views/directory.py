"""The directory anyone reads: the networks (with the partnerships at the top) and the
organisations, searched and filtered in the address, a page at a time and kept in the page
cache; and the pages of a partnership, a network and an organisation.

A network's page shows its workshops and the recommendations it owns through the tags of
workshops and breakouts (networks imports neither), so its cached response is also built
afresh when their pages change: their page groups are named here, not imported.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from socialjustice.keptpages import kept_page_of, kept_response, render_with_forms
from socialjustice.pagecache import LIST_TIMEOUT, cached, kept_params, public_response
from socialjustice.permissions import is_organiser

from ..forms.directory import (
    NETWORK_PARAMS,
    ORGANISATION_PARAMS,
    NetworkFilterForm,
    OrganisationFilterForm,
)
from ..forms.joining import JoinForm
from ..models import Network, Organisation, Partnership
from ..pages import NETWORK_PAGES
from ..roles import coordinates_networks
from ..selectors import directory as selectors
from ..selectors import joining, partnerships_with_networks
from ..signed_in import own_block

PAGE_SIZE = 25
# The page groups of workshops' and breakouts' tags on these pages (workshops/pages.py,
# breakouts/pages.py).
WORKSHOP_GROUP, REPORT_GROUP = "workshops", "reports"


def _list_body(request, *, name, form_class, params, model, search, template, extra=None):
    query = kept_params(request, params)

    def build():
        form = form_class(query, choices=selectors.filter_choices(model))
        page = Paginator(search(form.filters()), PAGE_SIZE).get_page(query.get("page"))
        return render_to_string(
            template,
            {"form": form, "page": page, "query": query, "request": request, **(extra or {})},
        )

    return cached((NETWORK_PAGES,), name, query.urlencode(), build=build, timeout=LIST_TIMEOUT)


@public_response("directory", groups=(NETWORK_PAGES,), params=NETWORK_PARAMS)
def directory(request):
    """The partnerships and their networks, then every network, searched and filtered."""
    body = _list_body(
        request,
        name="directory",
        form_class=NetworkFilterForm,
        params=NETWORK_PARAMS,
        model=Network,
        search=selectors.search_networks,
        template="networks/includes/directory_body.html",
    )
    partnerships = cached(
        (NETWORK_PAGES,),
        "directory-partnerships",
        build=lambda: render_to_string(
            "networks/includes/directory_partnerships.html",
            {"partnerships": list(partnerships_with_networks())},
        ),
    )
    return render(request, "networks/directory.html", {"body": body, "partnerships": partnerships})


@public_response("organisations", groups=(NETWORK_PAGES,), params=ORGANISATION_PARAMS)
def organisations(request):
    """Every organisation in the directory, searched and filtered; never their contacts."""
    body = _list_body(
        request,
        name="organisations",
        form_class=OrganisationFilterForm,
        params=ORGANISATION_PARAMS,
        model=Organisation,
        search=selectors.search_organisations,
        template="networks/includes/organisations_body.html",
    )
    return render(
        request,
        "networks/organisations.html",
        {
            "body": body,
            "can_add": request.user.has_perm("networks.edit_organisation"),
            "can_import": request.user.has_perm("networks.import_organisations"),
        },
    )


PARTNERSHIP_PAGE_GROUPS = (NETWORK_PAGES, WORKSHOP_GROUP)


def _name(row) -> str:
    return row.name


def _partnership_description(partnership) -> str:
    return _("%(name)s: its aims, the impact it seeks, its networks and its workshops.") % {
        "name": partnership.name
    }


def _network_description(network) -> str:
    return _(
        "%(name)s: what the network does, who it covers and where, its members, workshops "
        "and recommendations."
    ) % {"name": network.name}


def _organisation_description(organisation) -> str:
    return _("%(name)s in the directory: who it serves, where, and the networks it belongs to.") % {
        "name": organisation.name
    }


@public_response("partnership", groups=PARTNERSHIP_PAGE_GROUPS)
def partnership_page(request, slug):
    if request.user.is_authenticated and not is_organiser(request.user):
        # For someone signed in who does not organise: what a visitor sees, kept for them all.
        page = kept_page_of(
            PARTNERSHIP_PAGE_GROUPS,
            "partnership",
            slug,
            find=lambda slug: selectors.partnership_for_page(slug=slug),
            template="networks/includes/partnership_body.html",
            context=lambda row: {"partnership": row},
            title=_name,
            describe=_partnership_description,
        )
        return kept_response(request, page)
    try:
        partnership = selectors.partnership_for_page(slug=slug)
    except Partnership.DoesNotExist as missing:
        raise Http404 from missing
    return render(
        request,
        "networks/partnership_detail.html",
        {
            "partnership": partnership,
            "can_edit": request.user.has_perm("networks.edit_partnership", partnership),
        },
    )


def _joining(user, network) -> dict:
    """Where the person stands with the network: member, asked already, or may ask."""
    if not user.is_authenticated:
        return {}
    membership = joining.current_membership(user, network)
    return {
        "membership": membership,
        "open_request": None if membership else joining.open_request(user, network),
        "join_form": JoinForm(),
    }


NETWORK_PAGE_GROUPS = (NETWORK_PAGES, WORKSHOP_GROUP, REPORT_GROUP)


def _network_context(network) -> dict:
    members = selectors.members_of(network)
    # Those who gave no name, and those past the names shown.
    return {
        "network": network,
        "members": members,
        "other_members": max(network.member_count - len(members), 0),
    }


def _kept_network_page(request, slug):
    """The page of someone signed in who neither organises nor coordinates: kept for all of
    them, with where they stand with the network kept for each (their membership and their
    request: networks/pages.py)."""
    page = kept_page_of(
        NETWORK_PAGE_GROUPS,
        "network",
        slug,
        find=lambda slug: selectors.network_for_page(slug=slug),
        template="networks/includes/network_body.html",
        context=_network_context,
        title=_name,
        describe=_network_description,
        facts=lambda row: {"pk": row.pk},
    )
    user = request.user
    network = Network(pk=page["pk"], slug=slug)
    personal = own_block(
        user,
        f"joining-{network.pk}",
        groups=(NETWORK_PAGES,),
        build=lambda: render_with_forms(
            "networks/includes/joining.html",
            {"user": user, "network": network, **_joining(user, network)},
        ),
    )
    return kept_response(request, page, personal)


@public_response("network", groups=NETWORK_PAGE_GROUPS)
def network_page(request, slug):
    user = request.user
    if user.is_authenticated and not (is_organiser(user) or coordinates_networks(user)):
        return _kept_network_page(request, slug)
    try:
        network = selectors.network_for_page(slug=slug)
    except Network.DoesNotExist as missing:
        raise Http404 from missing
    can_decide = user.has_perm("networks.decide_membership", network)
    return render(
        request,
        "networks/network_detail.html",
        {
            **_network_context(network),
            "can_edit": user.has_perm("networks.edit_network_page", network),
            "can_decide": can_decide,
            "pending": joining.pending_count(network) if can_decide else 0,
            **_joining(user, network),
        },
    )


@public_response("organisation", groups=(NETWORK_PAGES,))
def organisation_page(request, slug):
    """An organisation's entry; its contact only for organisers (never in a cached page:
    anonymous visitors, whose responses are cached, may not see it, nor anyone else)."""
    if request.user.is_authenticated and not is_organiser(request.user):
        page = kept_page_of(
            (NETWORK_PAGES,),
            "organisation",
            slug,
            find=lambda slug: selectors.organisation_for_page(slug=slug),
            template="networks/includes/organisation_body.html",
            context=lambda row: {"organisation": row},
            title=_name,
            describe=_organisation_description,
        )
        return kept_response(request, page)
    with_contact = request.user.has_perm("networks.view_organisation_contact")
    try:
        organisation = selectors.organisation_for_page(slug=slug, with_contact=with_contact)
    except Organisation.DoesNotExist as missing:
        raise Http404 from missing
    return render(
        request,
        "networks/organisation_detail.html",
        {
            "organisation": organisation,
            "show_contact": with_contact,
            "can_edit": request.user.has_perm("networks.edit_organisation", organisation),
        },
    )
