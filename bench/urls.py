"""The portal's URLs plus a bare view, the ceiling every page is compared with."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """No templates, no queries: what Django and gunicorn cost on their own."""
    return HttpResponse("bare", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("socialjustice.urls")),
]
