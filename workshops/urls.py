from django.urls import path

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

ORGANISE = "organise/workshops/<slug:slug>/"

urlpatterns = [
    # Everyone
    path("workshops/", workshops.workshop_list, name="list"),
    path("workshops/calendar.ics", workshops.upcoming_calendar, name="calendar"),
    path("workshops/<slug:slug>/", workshops.workshop_detail, name="detail"),
    path(
        "workshops/<slug:slug>/calendar.ics", workshops.workshop_calendar, name="workshop_calendar"
    ),
    path(
        "workshops/<slug:slug>/materials/<int:pk>/download/",
        materials.material_download,
        name="material_download",
    ),
    path("downloads/", materials.downloads, name="downloads"),
    # Participants
    path("workshops/<slug:slug>/register/", registration.register, name="register"),
    path("workshops/<slug:slug>/registered/", registration.registered, name="registered"),
    path("registrations/<str:token>/", registration.manage, name="manage_registration"),
    path("registrations/<str:token>/cancel/", registration.cancel, name="cancel_registration"),
    path(
        "registrations/<str:token>/calendar.ics",
        registration.registration_calendar,
        name="registration_calendar",
    ),
    path("privacy/", registration.privacy, name="privacy"),
    # Organisers: workshops
    path(
        "organise/workshops/",
        organise_list.OrganiserWorkshopListView.as_view(),
        name="organise_list",
    ),
    path("organise/workshops/new/", workshops.WorkshopCreateView.as_view(), name="create"),
    path(ORGANISE, workshops.WorkshopManageView.as_view(), name="manage"),
    path(ORGANISE + "activity/", workshops.WorkshopActivityView.as_view(), name="activity"),
    path(ORGANISE + "edit/", workshops.WorkshopEditView.as_view(), name="edit"),
    path(ORGANISE + "duplicate/", workshops.WorkshopDuplicateView.as_view(), name="duplicate"),
    path(ORGANISE + "publish/", workshops.WorkshopPublishView.as_view(), name="publish"),
    path(ORGANISE + "cancel/", workshops.WorkshopCancelView.as_view(), name="cancel"),
    # Programme and materials
    path(ORGANISE + "programme/", programme.ProgrammeView.as_view(), name="programme"),
    path(
        ORGANISE + "programme/paste/",
        programme.ProgrammePasteView.as_view(),
        name="programme_paste",
    ),
    path(
        ORGANISE + "programme/<int:pk>/",
        programme.ProgrammeItemEditView.as_view(),
        name="programme_item",
    ),
    path(
        ORGANISE + "programme/<int:pk>/delete/",
        programme.ProgrammeItemDeleteView.as_view(),
        name="programme_item_delete",
    ),
    path(
        ORGANISE + "programme/<int:pk>/move/",
        programme.ProgrammeItemMoveView.as_view(),
        name="programme_item_move",
    ),
    path(ORGANISE + "materials/", materials.MaterialsView.as_view(), name="materials"),
    path(
        ORGANISE + "materials/<int:pk>/delete/",
        materials.MaterialDeleteView.as_view(),
        name="material_delete",
    ),
    # Registrations, check-in
    path(
        ORGANISE + "registrations/",
        dashboard.RegistrationDashboardView.as_view(),
        name="registrations",
    ),
    path(
        ORGANISE + "registrations/<int:pk>/",
        dashboard.RegistrationDetailView.as_view(),
        name="registration_detail",
    ),
    path(
        ORGANISE + "registrations/capacity/",
        dashboard.ChangeCapacityView.as_view(),
        name="change_capacity",
    ),
    path(
        ORGANISE + "registrations/remove-burst/",
        dashboard.RemoveBurstView.as_view(),
        name="remove_burst",
    ),
    path(
        ORGANISE + "registrations.csv",
        dashboard.RegistrationsExportView.as_view(format="csv"),
        name="registrations_csv",
    ),
    path(
        ORGANISE + "registrations.json",
        dashboard.RegistrationsExportView.as_view(format="json"),
        name="registrations_json",
    ),
    path(ORGANISE + "check-in/", attendance.CheckInView.as_view(), name="check_in"),
    path(
        ORGANISE + "check-in/<int:pk>/",
        attendance.CheckInMarkView.as_view(),
        name="check_in_mark",
    ),
    path(ORGANISE + "check-in/list/", attendance.CheckInListView.as_view(), name="check_in_list"),
    path(
        ORGANISE + "check-in/list/confirm/",
        attendance.CheckInConfirmView.as_view(),
        name="check_in_confirm",
    ),
    # Emails to participants
    path(ORGANISE + "follow-up/", follow_up.FollowUpView.as_view(), name="follow_up"),
    path(ORGANISE + "messages/", messages.MessagesView.as_view(), name="messages"),
    path(
        ORGANISE + "messages/<int:pk>/",
        messages.MessageDetailView.as_view(),
        name="message_detail",
    ),
    # Series and speakers
    path("organise/series/", series.SeriesListView.as_view(), name="series_list"),
    path("organise/series/new/", series.SeriesFormView.as_view(), name="series_create"),
    path("organise/series/<slug:slug>/", series.SeriesFormView.as_view(), name="series_edit"),
    path(
        "organise/series/<slug:slug>/duplicate/",
        series.SeriesDuplicateView.as_view(),
        name="series_duplicate",
    ),
    path("organise/speakers/", speakers.SpeakerListView.as_view(), name="speaker_list"),
    path("organise/speakers/<int:pk>/", speakers.SpeakerEditView.as_view(), name="speaker_edit"),
    path(
        "organise/suggest/organisations/",
        speakers.SuggestionsView.as_view(suggest=organisation_suggestions),
        name="organisation_suggestions",
    ),
    path(
        "organise/suggest/speakers/",
        speakers.SuggestionsView.as_view(suggest=speaker_suggestions),
        name="speaker_suggestions",
    ),
]
