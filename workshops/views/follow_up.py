"""The follow-ups after a workshop: the thanks, then "New materials" once slides or the
report are ready. "Preview" shows the email as it will be sent, with the form's values kept
in hidden fields; "Send" sends exactly what was previewed; "Change the message" goes back to
the form with everything typed."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import View

from socialjustice.errors import PortalError, add_to_form

from ..enums import MessageAudience
from ..forms.follow_up import FORMS
from ..selectors.follow_up import FIRST, SECOND, follow_up_state
from ..services import follow_up as services
from .base import WorkshopMixin

# Who a follow-up went to, in a sentence.
AUDIENCES = {
    MessageAudience.ATTENDED: _("everyone marked as attended"),
    MessageAudience.CONFIRMED: _("everyone with a confirmed place"),
}


class FollowUpView(WorkshopMixin, View):
    template = "workshops/organise/follow_up.html"

    @cached_property
    def state(self):
        return follow_up_state(self.workshop)

    def _form_class(self, posted=None):
        """The form of the follow-up written (posted), else of the one to send next."""
        try:
            return FORMS[int(posted)]
        except (KeyError, TypeError, ValueError):
            return FORMS.get(self.state.next_number, FORMS[FIRST])

    def get(self, request, slug):
        return self._render(self._form_class()())

    def post(self, request, slug):
        form = self._form_class(request.POST.get("number"))(request.POST)
        if "edit" in request.POST or not form.is_valid():
            return self._render(form)
        data = form.cleaned_data
        second = data["number"] == SECOND
        try:
            if "send" in request.POST and second:
                count = services.request_new_materials(
                    self.workshop, message=data["message"], by=request.user
                )
            elif "send" in request.POST:
                count = services.request_follow_up(
                    self.workshop,
                    audience=data["audience"],
                    message=data["message"],
                    by=request.user,
                )
            elif second:
                preview = services.preview_new_materials(self.workshop, message=data["message"])
                return self._render(form, preview=preview)
            else:
                preview = services.preview_follow_up(
                    self.workshop, audience=data["audience"], message=data["message"]
                )
                return self._render(form, preview=preview)
        except PortalError as error:
            add_to_form(form, error)
            return self._render(form, fresh=True)
        if second:
            text = ngettext(
                "The new materials are on their way to %(count)s person.",
                "The new materials are on their way to %(count)s people.",
                count,
            )
        else:
            text = ngettext(
                "The follow-up is on its way to %(count)s person.",
                "The follow-up is on its way to %(count)s people.",
                count,
            )
        messages.success(request, text % {"count": count})
        return redirect("workshops:follow_up", slug=slug)

    def _render(self, form, preview=None, fresh=False):
        # Afresh after a refusal: someone else's follow-up may be why.
        state = follow_up_state(self.workshop) if fresh else self.state
        return self.render(
            self.template,
            form=form,
            second=isinstance(form, FORMS[SECOND]),
            preview=preview,
            state=state,
            first_audience=AUDIENCES.get(state.first_audience, ""),
            problem=services.follow_up_problem(self.workshop, state, now=timezone.now()),
        )
