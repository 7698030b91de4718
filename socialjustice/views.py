from django.conf import settings
from django.contrib import messages
from django.db import connection
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from django_redis import get_redis_connection
from kombu import Connection
from rules.contrib.views import PermissionRequiredMixin

from . import outbox
from .enums import EmailState
from .errors import PortalError
from .models import OutgoingEmail
from .pagecache import public_response
from .paging import page_in_one_query


@public_response("home", groups=("home",))
def home(request):
    """Upcoming workshops, open calls, latest reports and the partnerships. Each app adds
    its block through its own template tag (see templates/home.html), so this view knows none
    of them; every app's models that a block shows invalidate the "home" pages."""
    return render(request, "home.html")


def healthz(request):
    """Every service the pages need, each "ok" or "unavailable": 200 when all answer, else
    503. For load balancers and monitoring; nothing here is cached."""
    state = {"database": "ok", "broker": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        state["database"] = "unavailable"
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=1) as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=2)
            broker.default_channel.client.ping()
    except Exception:
        state["broker"] = "unavailable"
    try:
        # The raw client: the cache itself ignores connection errors.
        get_redis_connection("default").ping()
    except Exception:
        state["cache"] = "unavailable"
    healthy = all(value == "ok" for value in state.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "unavailable", **state}, status=200 if healthy else 503
    )
    response["Cache-Control"] = "no-store"
    return response


class OrganiseView(PermissionRequiredMixin, TemplateView):
    """The organisers' start page: the tools they have across the portal."""

    permission_required = "socialjustice.view_organiser_area"
    template_name = "socialjustice/organise.html"

    def get_context_data(self, **kwargs):
        counts = dict(OutgoingEmail.objects.order_by().values_list("state").annotate(n=Count("pk")))
        return super().get_context_data(email_counts=counts, **kwargs)


class OutboxView(PermissionRequiredMixin, TemplateView):
    """Every email the portal has queued, with its state; failed ones can be sent again.

    Bodies are not shown: they carry sign-in codes and private links meant for one person.
    """

    permission_required = "socialjustice.view_outbox"
    template_name = "socialjustice/outbox.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        state = self.request.GET.get("state", "")
        emails = OutgoingEmail.objects.only(
            "pk",
            "kind",
            "to",
            "subject",
            "state",
            "attempts",
            "last_error",
            "created_at",
            "sent_at",
        )
        if state in EmailState.values:
            emails = emails.filter(state=state)
        page = page_in_one_query(emails, self.paginate_by, self.request.GET.get("page"))
        return super().get_context_data(
            page=page, states=EmailState.choices, current_state=state, **kwargs
        )


class ResendEmailView(PermissionRequiredMixin, View):
    permission_required = "socialjustice.resend_email"
    http_method_names = ["post"]

    def post(self, request, pk):
        email = get_object_or_404(OutgoingEmail, pk=pk)
        try:
            outbox.resend_email(email, by=request.user)
        except PortalError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The email to %(to)s is queued again.") % {"to": email.to})
        return redirect("outbox")
