"""A participant chooses their breakout group from their registration's own page, reached by
its private link (no account needed), while the organisers allow choosing."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialjustice.errors import PortalError
from workshops.models import Registration
from workshops.selectors.registration import registration_by_token

from ..models import Group
from ..services.groups import choose_group


@require_POST
def choose(request, token):
    try:
        registration = registration_by_token(token)
    except Registration.DoesNotExist as missing:
        raise Http404 from missing
    group = Group.objects.filter(
        pk=request.POST.get("group", "0") if request.POST.get("group", "").isdigit() else 0,
        workshop_id=registration.workshop_id,
    ).first()
    if group is None:
        messages.error(request, _("Choose one of the groups."))
    else:
        try:
            choose_group(registration, group)
        except PortalError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("You are in the group “%(name)s”.") % {"name": group.name})
    return redirect("workshops:manage_registration", token=token)
