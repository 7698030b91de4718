from django.urls import include, path

from .selectors.speakers import organisation_suggestions, speaker_suggestions
from .views import (
    attendance,
    dashboard,
    follow_up,
    materials,
    messages,
    organise_list,
    programme,
    registration,
    series,
    speakers,
    workshops,
)

app_name = "workshops"

# Under /workshops/.
workshop_pages = [
    # Everyone
    path("", workshops.workshop_list, name="list"),
    path("calendar.ics", workshops.upcoming_calendar, name="calendar"),
    path("<slug:slug>/", workshops.workshop_detail, name="detail"),
    path("<slug:slug>/calendar.ics", workshops.workshop_calendar, name="workshop_calendar"),
    path(
        "<slug:slug>/materials/<int:pk>/download/",
        materials.material_download,
        name="material_download",
    ),
    # Participants
    path("<slug:slug>/register/", registration.register, name="register"),
    path("<slug:slug>/registered/", registration.registered, name="registered"),
]

# Under /registrations/<token>/: a registration, by its private link.
registration_pages = [
    path("", registration.manage, name="manage_registration"),
    path("cancel/", registration.cancel, name="cancel_registration"),
    path("calendar.ics", registration.registration_calendar, name="registration_calendar"),
]

# Under /organise/workshops/<slug>/.
organise_workshop = [
    path("", workshops.WorkshopManageView.as_view(), name="manage"),
    path("activity/", workshops.WorkshopActivityView.as_view(), name="activity"),
    path("edit/", workshops.WorkshopEditView.as_view(), name="edit"),
    path("duplicate/", workshops.WorkshopDuplicateView.as_view(), name="duplicate"),
    path("publish/", workshops.WorkshopPublishView.as_view(), name="publish"),
    path("cancel/", workshops.WorkshopCancelView.as_view(), name="cancel"),
    # Programme and materials
    path("programme/", programme.ProgrammeView.as_view(), name="programme"),
    path("programme/paste/", programme.ProgrammePasteView.as_view(), name="programme_paste"),
    path("programme/<int:pk>/", programme.ProgrammeItemEditView.as_view(), name="programme_item"),
    path(
        "programme/<int:pk>/delete/",
        programme.ProgrammeItemDeleteView.as_view(),
        name="programme_item_delete",
    ),
    path(
        "programme/<int:pk>/move/",
        programme.ProgrammeItemMoveView.as_view(),
        name="programme_item_move",
    ),
    path("materials/", materials.MaterialsView.as_view(), name="materials"),
    path(
        "materials/<int:pk>/delete/",
        materials.MaterialDeleteView.as_view(),
        name="material_delete",
    ),
    # Registrations, check-in
    path("registrations/", dashboard.RegistrationDashboardView.as_view(), name="registrations"),
    path(
        "registrations/<int:pk>/",
        dashboard.RegistrationDetailView.as_view(),
        name="registration_detail",
    ),
    path(
        "registrations/capacity/",
        dashboard.ChangeCapacityView.as_view(),
        name="change_capacity",
    ),
    path("registrations/remove-burst/", dashboard.RemoveBurstView.as_view(), name="remove_burst"),
    path(
        "registrations.csv",
        dashboard.RegistrationsExportView.as_view(format="csv"),
        name="registrations_csv",
    ),
    path(
        "registrations.json",
        dashboard.RegistrationsExportView.as_view(format="json"),
        name="registrations_json",
    ),
    path("check-in/", attendance.CheckInView.as_view(), name="check_in"),
    path("check-in/<int:pk>/", attendance.CheckInMarkView.as_view(), name="check_in_mark"),
    path("check-in/list/", attendance.CheckInListView.as_view(), name="check_in_list"),
    path(
        "check-in/list/confirm/",
        attendance.CheckInConfirmView.as_view(),
        name="check_in_confirm",
    ),
    # Emails to participants
    path("follow-up/", follow_up.FollowUpView.as_view(), name="follow_up"),
    path("messages/", messages.MessagesView.as_view(), name="messages"),
    path("messages/<int:pk>/", messages.MessageDetailView.as_view(), name="message_detail"),
]

# Under /organise/.
organise = [
    # Workshops
    path("workshops/", organise_list.OrganiserWorkshopListView.as_view(), name="organise_list"),
    path("workshops/new/", workshops.WorkshopCreateView.as_view(), name="create"),
    path("workshops/<slug:slug>/", include(organise_workshop)),
    # Series and speakers
    path("series/", series.SeriesListView.as_view(), name="series_list"),
    path("series/new/", series.SeriesFormView.as_view(), name="series_create"),
    path("series/<slug:slug>/", series.SeriesFormView.as_view(), name="series_edit"),
    path(
        "series/<slug:slug>/duplicate/",
        series.SeriesDuplicateView.as_view(),
        name="series_duplicate",
    ),
    path("speakers/", speakers.SpeakerListView.as_view(), name="speaker_list"),
    path("speakers/<int:pk>/", speakers.SpeakerEditView.as_view(), name="speaker_edit"),
    path(
        "suggest/organisations/",
        speakers.SuggestionsView.as_view(suggest=organisation_suggestions),
        name="organisation_suggestions",
    ),
    path(
        "suggest/speakers/",
        speakers.SuggestionsView.as_view(suggest=speaker_suggestions),
        name="speaker_suggestions",
    ),
]

# Grouped by the address's first part: Django tries each pattern in turn, so a request for
# another app's page is matched against these few prefixes, not every address here.
urlpatterns = [
    path("workshops/", include(workshop_pages)),
    path("downloads/", materials.downloads, name="downloads"),
    path("registrations/<str:token>/", include(registration_pages)),
    path("privacy/", registration.privacy, name="privacy"),
    path("organise/", include(organise)),
]
