"""The portal's URLs plus the benchmark's own: a bare view, the ceiling every page is compared
with, and a way to empty the public pages' cache before a "cold" request.

Only bench.settings uses these, so neither URL exists in the portal itself.
"""

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from socialjustice import pagecache
from workshops.pages import CALENDAR_FEED


def bare(request):
    """No templates, no queries: what Django and gunicorn cost on their own."""
    return HttpResponse("bare", content_type="text/plain")


# The benchmark client has no CSRF token; POST keeps crawlers and prefetchers from calling it.
@csrf_exempt
@require_POST
def invalidate(request):
    """Throw away every cached public workshop page, as an organiser's edit of a material or
    a programme would; with `?workshop=1`, the calendar feed too, as a workshop's edit
    would."""
    groups = ["workshops", "networks", "home"]
    if request.GET.get("workshop"):
        groups.append(CALENDAR_FEED)
    pagecache.invalidate(*groups)
    return HttpResponse(status=204)


urlpatterns = [
    path("bench/bare/", bare),
    path("bench/invalidate/", invalidate),
    path("", include("socialjustice.urls")),
]
