"""Organisers' messages to a workshop's participants: write, preview, send, and see each
email's state. The form works as the follow-up's does (views/follow_up.py)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from socialjustice.errors import PortalError, add_to_form

from ..forms.messages import OrganiserMessageForm
from ..selectors import messages as selectors
from ..services import messages as services
from .base import WorkshopMixin

RECIPIENTS_PER_PAGE = 50


class MessagesView(WorkshopMixin, View):
    template = "workshops/organise/messages.html"

    def get(self, request, slug):
        return self._render(OrganiserMessageForm())

    def post(self, request, slug):
        form = OrganiserMessageForm(request.POST)
        if "edit" in request.POST or not form.is_valid():
            return self._render(form)
        data = form.cleaned_data
        fields = {name: data[name] for name in ("audience", "subject", "greeting", "body")}
        try:
            if "send" in request.POST:
                services.send_organiser_message(self.workshop, by=request.user, **fields)
            else:
                preview = services.preview_organiser_message(self.workshop, **fields)
                return self._render(
                    form,
                    preview=preview,
                    greeting=data["greeting"],
                    greets_twice=data["greeting"] and services.greets(data["body"]),
                )
        except PortalError as error:
            add_to_form(form, error)
            return self._render(form)
        messages.success(
            request, _("Your message “%(subject)s” is on its way.") % {"subject": data["subject"]}
        )
        return redirect("workshops:messages", slug=slug)

    def _render(self, form, preview=None, **extra):
        return self.render(
            self.template,
            form=form,
            preview=preview,
            sent_messages=list(selectors.messages_with_delivery(self.workshop)),
            **extra,
        )


class MessageDetailView(WorkshopMixin, View):
    @cached_property
    def message(self):
        return get_object_or_404(
            selectors.messages_with_delivery(self.workshop), pk=self.kwargs["pk"]
        )

    def get(self, request, slug, pk):
        page = Paginator(selectors.message_emails(self.message), RECIPIENTS_PER_PAGE)
        return self.render(
            "workshops/organise/message_detail.html",
            message=self.message,
            page=page.get_page(request.GET.get("page")),
            can_resend=self.message.failed_count > 0
            and request.user.has_perm("socialjustice.resend_email"),
        )
