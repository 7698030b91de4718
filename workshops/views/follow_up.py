"""The follow-up after a workshop. "Preview" shows the email as it will be sent, with the
form's values kept in hidden fields; "Send" sends exactly what was previewed; "Change the
message" goes back to the form with everything typed."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import ngettext
from django.views import View

from socialjustice.errors import PortalError, add_to_form

from ..forms.follow_up import FollowUpForm
from ..services import follow_up as services
from .base import WorkshopMixin


class FollowUpView(WorkshopMixin, View):
    template = "workshops/organise/follow_up.html"

    def get(self, request, slug):
        return self._render(FollowUpForm())

    def post(self, request, slug):
        form = FollowUpForm(request.POST)
        if "edit" in request.POST or not form.is_valid():
            return self._render(form)
        data = form.cleaned_data
        try:
            if "send" in request.POST:
                count = services.request_follow_up(
                    self.workshop,
                    audience=data["audience"],
                    message=data["message"],
                    by=request.user,
                )
            else:
                preview = services.preview_follow_up(
                    self.workshop, audience=data["audience"], message=data["message"]
                )
                return self._render(form, preview=preview)
        except PortalError as error:
            add_to_form(form, error)
            return self._render(form)
        messages.success(
            request,
            ngettext(
                "The follow-up is on its way to %(count)s person.",
                "The follow-up is on its way to %(count)s people.",
                count,
            )
            % {"count": count},
        )
        return redirect("workshops:follow_up", slug=slug)

    def _render(self, form, preview=None):
        return self.render(
            self.template,
            form=form,
            preview=preview,
            problem=services.follow_up_problem(self.workshop, now=timezone.now()),
        )
