"""Contributions: the public collection (search, facets, one contribution, exports), and the
contributor's own form (new, edit, send, withdraw, their document)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from socialjustice.errors import PortalError, add_to_form
from socialjustice.exports import csv_response, json_response
from socialjustice.keptpages import kept_content, kept_response
from socialjustice.pagecache import LIST_TIMEOUT, cached, public_response
from socialjustice.permissions import is_organiser

from .. import jsonld
from ..forms.contributions import ContributionForm
from ..forms.search import filters_from
from ..models import Call, Contribution
from ..pages import CONTRIBUTION_PAGES
from ..permissions import is_named, is_public
from ..selectors import collection as collection_selectors
from ..selectors import contributions as selectors
from ..selectors.calls import call_for_page, organiser_pks
from ..services import contributions as services


def _kept(request):
    return filters_from(request.GET)[1]


@public_response("collection", groups=(CONTRIBUTION_PAGES,), params=_kept)
def collection(request):
    """The public collection: search, facets with their counts, an intersection of groups."""
    filters, query = filters_from(request.GET)

    def build():
        number = int(query.get("page", 1))  # checked by filters_from
        results, facets = collection_selectors.browse(filters, number)
        page = Paginator(results, collection_selectors.PAGE_SIZE).get_page(number)
        return render_to_string(
            "contributions/includes/collection_body.html",
            {
                "page": page,
                "filters": filters,
                "facets": facets,
                "query": query,
                "request": request,
            },
        )

    body = cached(
        (CONTRIBUTION_PAGES,), "collection", query.urlencode(), build=build, timeout=LIST_TIMEOUT
    )
    return render(
        request, "contributions/collection.html", {"body": body, "q": filters.q, "query": query}
    )


def _kept_contribution(pk) -> dict:
    """A contribution's page as everyone signed in sees it who neither wrote it nor manages
    its call, with who they are (the author, the organisers of its workshop or series): kept
    until it, its call or their organisers change (contributions/pages.py)."""

    def build():
        try:
            contribution = selectors.contribution_with_classification(pk=pk)
        except Contribution.DoesNotExist:
            return {"missing": True}
        rights = (contribution.author_id, *organiser_pks(contribution.call))
        if not is_public(None, contribution):
            return {"missing": False, "public": False, "rights": rights}
        show_author = is_named(None, contribution)
        json_ld = jsonld.creative_work(contribution, show_author=show_author)
        content = kept_content(
            "contributions/includes/contribution_body.html",
            {"contribution": contribution, "show_author": show_author, "is_public": True},
            title=contribution.title,
            head=format_html('<script type="application/ld+json">{}</script>', mark_safe(json_ld)),  # noqa: S308
        )
        return {"missing": False, "public": True, "rights": rights, **content}

    return cached((CONTRIBUTION_PAGES,), "contribution-page", pk, get_language(), build=build)


@public_response("contribution", groups=(CONTRIBUTION_PAGES,))
def contribution_page(request, pk):
    """One public contribution; its author and organisers also see it before it is public."""
    user = request.user
    if user.is_authenticated and not is_organiser(user):
        page = _kept_contribution(pk)
        if page["missing"]:
            raise Http404
        if page["public"] and user.pk not in page["rights"]:
            return kept_response(request, page)
    try:
        contribution = selectors.contribution_with_classification(pk=pk)
    except Contribution.DoesNotExist as missing:
        raise Http404 from missing
    if not user.has_perm("contributions.view_contribution", contribution):
        raise Http404
    show_author = user.has_perm("contributions.view_author", contribution)
    return render(
        request,
        "contributions/contribution_detail.html",
        {
            "contribution": contribution,
            "show_author": show_author,
            "is_public": is_public(user, contribution),
            "json_ld": jsonld.creative_work(contribution, show_author=show_author),
            "can_edit": user.has_perm("contributions.change_contribution", contribution),
        },
    )


def attachment(request, pk):
    """A contribution's document: for its author and reviewers, and for everyone when the
    contribution is public with its author's name (an anonymous one's document might name
    them)."""
    contribution = Contribution.objects.filter(pk=pk).select_related("call").first()
    if contribution is None or not contribution.attachment:
        raise Http404
    user = request.user
    allowed = (
        user.has_perm("contributions.change_contribution", contribution)
        or user.has_perm("contributions.review_contribution", contribution)
        or (contribution.author_id == getattr(user, "pk", None))
        or (
            user.has_perm("contributions.view_contribution", contribution)
            and contribution.visibility == "public_named"
        )
    )
    if not allowed:
        raise Http404
    response = FileResponse(
        contribution.attachment.open("rb"),
        as_attachment=True,
        filename=contribution.attachment_name or "document",
        content_type=contribution.attachment_mimetype or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def export(request, format):
    """The public collection as a file (the anonymous ones without any name)."""
    rows = selectors.export_rows(selectors.public_contributions(), public=True)
    respond = csv_response if format == "csv" else json_response
    return respond(selectors.EXPORT_HEADER, rows, filename=f"contributions.{format}")


# The contributor's form


class ContributionFormMixin:
    template = "contributions/contribution_form.html"

    def save(self, call, contribution=None):
        form = ContributionForm(
            self.request.POST,
            self.request.FILES,
            contribution=contribution,
            ask_name=not self.request.user.display_name,
        )
        sending = "send" in self.request.POST
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.save(
                    call,
                    form.to_details(),
                    by=self.request.user,
                    contribution=contribution,
                    upload=data.get("attachment"),
                    remove_attachment=data.get("remove_attachment", False),
                    send=sending,
                )
            except services.ContributionIncomplete as incomplete:
                for field, message in incomplete.missing.items():
                    form.add_error(field, message)
                # Saved as a draft all the same: from now on it is an edit.
                contribution = form.contribution = incomplete.saved
            except PortalError as error:
                add_to_form(form, error)
            else:
                if sending:
                    messages.success(
                        self.request,
                        _("Thank you: your contribution is sent. We have emailed you."),
                    )
                    return redirect("networks:me")
                messages.success(
                    self.request,
                    _("Saved as a draft. Come back to it any time before the call closes."),
                )
                return redirect("contributions:edit", pk=saved.pk)
        else:
            contribution = self._keep_document(form, call, contribution)
        return self.render(form, call, contribution)

    def _keep_document(self, form, call, contribution):
        """A form with mistakes still keeps a good document, so it is not asked for twice."""
        upload = self.request.FILES.get("attachment")
        if upload is None or "attachment" in form.errors:
            return contribution
        try:
            kept = services.keep_attachment(
                call,
                by=self.request.user,
                upload=upload,
                contribution=contribution,
                title=self.request.POST.get("title", "")[:200],
            )
        except PortalError as error:
            form.add_error("attachment", str(error))
            return contribution
        form.contribution = kept
        return kept

    def render(self, form, call, contribution=None):
        return render(
            self.request,
            self.template,
            {"form": form, "call": call, "contribution": contribution},
        )


class NewContributionView(PermissionRequiredMixin, ContributionFormMixin, View):
    """A new contribution to an open call, for someone signed in."""

    permission_required = "contributions.contribute"

    @cached_property
    def call(self):
        try:
            return call_for_page(slug=self.kwargs["slug"])
        except Call.DoesNotExist as missing:
            raise Http404 from missing

    def get_permission_object(self):
        return self.call

    def get(self, request, slug):
        return self.render(ContributionForm(ask_name=not request.user.display_name), self.call)

    def post(self, request, slug):
        return self.save(self.call)


class EditContributionView(PermissionRequiredMixin, ContributionFormMixin, View):
    """The author's own contribution, while they may still change it."""

    permission_required = "contributions.change_contribution"

    @cached_property
    def contribution(self):
        try:
            return selectors.contribution_with_classification(pk=self.kwargs["pk"])
        except Contribution.DoesNotExist as missing:
            raise Http404 from missing

    def get_permission_object(self):
        return self.contribution

    def get(self, request, pk):
        contribution = self.contribution
        return self.render(
            ContributionForm(contribution=contribution, ask_name=not request.user.display_name),
            contribution.call,
            contribution,
        )

    def post(self, request, pk):
        return self.save(self.contribution.call, self.contribution)


class WithdrawView(PermissionRequiredMixin, View):
    permission_required = "contributions.withdraw_contribution"
    http_method_names = ["get", "post"]

    @cached_property
    def contribution(self):
        contribution = Contribution.objects.select_related("call").filter(pk=self.kwargs["pk"])
        found = contribution.first()
        if found is None:
            raise Http404
        return found

    def get_permission_object(self):
        return self.contribution

    def get(self, request, pk):
        return render(request, "contributions/withdraw.html", {"contribution": self.contribution})

    def post(self, request, pk):
        try:
            services.withdraw(self.contribution, by=request.user)
        except PortalError as error:
            messages.info(request, str(error))
        else:
            messages.success(request, _("Your contribution is withdrawn."))
        return redirect("networks:me")
