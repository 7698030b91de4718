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
]
