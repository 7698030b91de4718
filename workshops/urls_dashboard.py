"""URLs for the organisers' registration dashboard and check-in; included by workshops/urls.py."""

from django.urls import path

from .views import dashboard

PREFIX = "organise/workshops/<slug:slug>/"

urlpatterns = [
    path(
        PREFIX + "registrations/",
        dashboard.RegistrationDashboardView.as_view(),
        name="registrations",
    ),
    path(
        PREFIX + "registrations/<int:pk>/",
        dashboard.RegistrationDetailView.as_view(),
        name="registration_detail",
    ),
    path(
        PREFIX + "registrations/capacity/",
        dashboard.ChangeCapacityView.as_view(),
        name="change_capacity",
    ),
    path(
        PREFIX + "registrations.csv",
        dashboard.RegistrationsCsvView.as_view(),
        name="registrations_csv",
    ),
    path(PREFIX + "check-in/", dashboard.CheckInView.as_view(), name="check_in"),
    path(
        PREFIX + "check-in/<int:pk>/",
        dashboard.CheckInMarkView.as_view(),
        name="check_in_mark",
    ),
    path(PREFIX + "check-in/list/", dashboard.CheckInListView.as_view(), name="check_in_list"),
]
