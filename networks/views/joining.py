"""Joining networks: asking to join and leaving (on the network's page), and the page where
the network's coordinators (and organisers) decide the requests and end memberships, and
organisers appoint its coordinators."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from socialjustice.errors import PortalError

from ..forms.joining import CoordinatorForm, DecisionForm, JoinForm
from ..models import JoinRequest, Membership, Network, User
from ..selectors import joining as selectors
from ..services import joining as services

PAGE_SIZE = 25


class NetworkMixin(PermissionRequiredMixin):
    @cached_property
    def network(self) -> Network:
        return get_object_or_404(
            Network.objects.prefetch_related("coordinators"), slug=self.kwargs["slug"]
        )

    def get_permission_object(self):
        return self.network

    def back(self):
        return redirect("networks:network", self.network.slug)


class JoinView(NetworkMixin, View):
    """Ask to join, with an optional message; asking again is the same request."""

    permission_required = "networks.ask_to_join"
    http_method_names = ["get", "post"]

    def get(self, request, slug):
        # Where signing in (to ask) comes back to: the page with the form.
        return self.back()

    def post(self, request, slug):
        form = JoinForm(request.POST)
        if not form.is_valid():
            messages.error(request, form.errors["message"][0])
            return self.back()
        try:
            _request, created = services.ask_to_join(
                self.network, person=request.user, message=form.cleaned_data["message"]
            )
        except PortalError as error:
            messages.info(request, str(error))
        else:
            messages.success(
                request,
                _("Thank you: the network's coordinators will read your request and decide.")
                if created
                else _("You asked to join already: the coordinators will decide."),
            )
        return self.back()


class LeaveView(NetworkMixin, View):
    permission_required = "networks.leave_network"
    http_method_names = ["post"]

    def post(self, request, slug):
        try:
            services.leave_network(self.network, person=request.user)
        except PortalError as error:
            messages.info(request, str(error))
        else:
            messages.success(request, _("You have left the network."))
        return self.back()


def members_page(request, network: Network, coordinator_form=None):
    """The requests, the members and past members, and (for organisers) the coordinators."""
    can_appoint = request.user.has_perm("networks.appoint_coordinators", network)
    return render(
        request,
        "networks/requests.html",
        {
            "network": network,
            "requests": Paginator(selectors.pending_requests(network), PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
            "members": Paginator(selectors.current_members(network), PAGE_SIZE).get_page(
                request.GET.get("members")
            ),
            "past": Paginator(selectors.past_members(network), PAGE_SIZE).get_page(
                request.GET.get("past")
            ),
            "can_appoint": can_appoint,
            "form": coordinator_form or (CoordinatorForm() if can_appoint else None),
        },
    )


class RequestsView(NetworkMixin, View):
    """The requests waiting for a decision, the current members and the past ones."""

    permission_required = "networks.decide_membership"

    def get(self, request, slug):
        return members_page(request, self.network)

    def post(self, request, slug):
        form = DecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose to approve or decline a request."))
            return redirect("networks:requests", slug)
        join_request = JoinRequest.objects.filter(
            pk=form.cleaned_data["join_request"], network=self.network
        ).first()
        if join_request is None:
            raise Http404
        approve = form.cleaned_data["decision"] == "approve"
        try:
            decided = services.decide_request(join_request, approve=approve, by=request.user)
        except PortalError as error:
            messages.info(request, str(error))
        else:
            name = decided.person.display_name or _("The person")
            messages.success(
                request,
                _("%(name)s is now a member of the network.") % {"name": name}
                if approve
                else _("The request is declined. We have emailed the person."),
            )
        return redirect("networks:requests", slug)


class EndMembershipView(NetworkMixin, View):
    permission_required = "networks.decide_membership"
    http_method_names = ["post"]

    def post(self, request, slug, pk):
        membership = Membership.objects.filter(pk=pk, network=self.network).first()
        if membership is None:
            raise Http404
        try:
            services.end_membership(membership, by=request.user)
        except PortalError as error:
            messages.info(request, str(error))
        else:
            messages.success(request, _("The membership has ended."))
        return redirect("networks:requests", slug)


class AddCoordinatorView(NetworkMixin, View):
    permission_required = "networks.appoint_coordinators"
    http_method_names = ["post"]

    def post(self, request, slug):
        form = CoordinatorForm(request.POST)
        if form.is_valid():
            try:
                person = services.add_coordinator(
                    self.network, email=form.cleaned_data["email"], by=request.user
                )
            except PortalError as error:
                form.add_error("email", str(error))
            else:
                messages.success(
                    request,
                    _("%(name)s is now a coordinator of the network.") % {"name": person},
                )
                return redirect("networks:requests", slug)
        return members_page(request, self.network, coordinator_form=form)


class RemoveCoordinatorView(NetworkMixin, View):
    permission_required = "networks.appoint_coordinators"
    http_method_names = ["post"]

    def post(self, request, slug, pk):
        person = get_object_or_404(User, pk=pk)
        try:
            services.remove_coordinator(self.network, person=person, by=request.user)
        except PortalError as error:
            messages.info(request, str(error))
        else:
            messages.success(request, _("%(name)s is no longer a coordinator.") % {"name": person})
        return redirect("networks:requests", slug)
