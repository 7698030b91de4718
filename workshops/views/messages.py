"""The organisers' emails to a workshop's participants: the follow-up after it, and messages.

Both forms work the same way: "Preview" shows the email as it will be sent, with the form's
values kept in hidden fields; "Send" sends exactly what was previewed; "Change the message"
goes back to the form with everything typed.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from socialjustice.errors import PortalError

from ..forms_messages import FollowUpForm, OrganiserMessageForm
from ..services import communications
from .organise import WorkshopMixin

RECIPIENTS_PER_PAGE = 50


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
                count = communications.request_follow_up(
                    self.workshop, audience=data["audience"], message=data["message"]
                )
            else:
                preview = communications.preview_follow_up(
                    self.workshop, audience=data["audience"], message=data["message"]
                )
                return self._render(form, preview=preview)
        except PortalError as error:
            form.add_error(None, str(error))
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
            problem=communications.follow_up_problem(self.workshop, now=timezone.now()),
        )


class MessagesView(WorkshopMixin, View):
    template = "workshops/organise/messages.html"

    def get(self, request, slug):
        return self._render(OrganiserMessageForm())

    def post(self, request, slug):
        form = OrganiserMessageForm(request.POST)
        if "edit" in request.POST or not form.is_valid():
            return self._render(form)
        data = form.cleaned_data
        fields = {"audience": data["audience"], "subject": data["subject"], "body": data["body"]}
        try:
            if "send" in request.POST:
                communications.send_organiser_message(self.workshop, by=request.user, **fields)
            else:
                preview = communications.preview_organiser_message(self.workshop, **fields)
                return self._render(form, preview=preview)
        except PortalError as error:
            form.add_error(None, str(error))
            return self._render(form)
        messages.success(
            request, _("Your message “%(subject)s” is on its way.") % {"subject": data["subject"]}
        )
        return redirect("workshops:messages", slug=slug)

    def _render(self, form, preview=None):
        return self.render(
            self.template,
            form=form,
            preview=preview,
            sent_messages=list(communications.messages_with_delivery(self.workshop)),
        )


class MessageDetailView(WorkshopMixin, View):
    @cached_property
    def message(self):
        return get_object_or_404(
            communications.messages_with_delivery(self.workshop), pk=self.kwargs["pk"]
        )

    def get(self, request, slug, pk):
        page = Paginator(communications.message_emails(self.message), RECIPIENTS_PER_PAGE)
        return self.render(
            "workshops/organise/message_detail.html",
            message=self.message,
            page=page.get_page(request.GET.get("page")),
            can_resend=self.message.failed_count > 0
            and request.user.has_perm("socialjustice.resend_email"),
        )
