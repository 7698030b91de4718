from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.http import require_safe
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from .. import selectors, services
from ..forms.people import ProfileForm
from ..pages import NETWORK_PAGES
from ..selectors.joining import memberships_of
from ..selectors.names import network_suggestions
from ..selectors.people import organisation_suggestions
from ..signed_in import own_block


class MyPageView(PermissionRequiredMixin, TemplateView):
    """A signed-in person's own page. Only ever shows the person asking."""

    permission_required = "networks.view_own_page"
    template_name = "networks/me.html"

    def get_context_data(self, **kwargs):
        person = self.request.user
        # Each app's block of the page is kept until what it shows changes (own_block): the
        # profile until the person, their networks or their organisation do.
        profile = own_block(
            person,
            "profile",
            groups=(NETWORK_PAGES,),
            build=lambda: render_to_string(
                "networks/includes/my_profile.html",
                {"person": selectors.person_for_page(pk=person.pk)},
            ),
        )
        return super().get_context_data(person=person, profile=profile, **kwargs)


class ProfileEditView(PermissionRequiredMixin, FormView):
    permission_required = "networks.change_profile"
    template_name = "networks/profile_form.html"
    form_class = ProfileForm
    success_url = reverse_lazy("networks:me")

    def get_permission_object(self):
        return self.request.user

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.request.user}

    def get_context_data(self, **kwargs):
        # Networks are joined and left on each network's page, not ticked here.
        return super().get_context_data(
            memberships=list(memberships_of(self.request.user)), **kwargs
        )

    def form_valid(self, form):
        data = form.cleaned_data
        services.update_profile(
            self.request.user,
            display_name=data["display_name"],
            pronouns=data["pronouns"],
            job_title=data["job_title"],
            sector=data["sector"],
            organisation_name=data["organisation"],
            access_needs=data["access_needs"],
        )
        messages.success(self.request, _("Your profile has been saved."))
        return redirect(self.get_success_url())


class OrganisationSuggestionsView(PermissionRequiredMixin, View):
    """The directory's organisations matching what a signed-in person types in their
    profile's organisation box (static/js/suggest.js)."""

    permission_required = "networks.view_own_page"

    def get(self, request):
        return JsonResponse({"suggestions": organisation_suggestions(request.GET.get("q", ""))})


@require_safe
def network_suggestions_view(request):
    """The directory's networks matching what anyone types in the registration form's
    networks field (static/js/suggest.js): names that are public on the directory anyway."""
    return JsonResponse({"suggestions": network_suggestions(request.GET.get("q", ""))})
