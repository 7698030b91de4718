from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("organise/", views.OrganiseView.as_view(), name="organise"),
    path("organise/emails/", views.OutboxView.as_view(), name="outbox"),
    path("organise/emails/<int:pk>/resend/", views.ResendEmailView.as_view(), name="resend_email"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("", include("networks.urls")),
    path("", include("workshops.urls")),
    path("", include("contributions.urls")),
    path("", include("breakouts.urls")),
]

# A database that does not answer, or a lock held too long, is 503 "busy, try again" wherever
# it is met (in a middleware too); anything else is the 500 page.
handler500 = "socialjustice.middleware.server_error"
