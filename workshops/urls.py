from django.urls import path

from . import urls_dashboard, urls_messages
from .services.speakers import organisation_suggestions, speaker_suggestions
from .views import organise, programme, public, registration

app_name = "workshops"

urlpatterns = [
    path("workshops/", public.workshop_list, name="list"),
    path("workshops/calendar.ics", public.upcoming_calendar, name="calendar"),
    path("workshops/<slug:slug>/", public.workshop_detail, name="detail"),
    path("workshops/<slug:slug>/calendar.ics", public.workshop_calendar, name="workshop_calendar"),
    path(
        "workshops/<slug:slug>/materials/<int:pk>/download/",
        public.material_download,
        name="material_download",
    ),
    path("downloads/", public.downloads, name="downloads"),
    path("workshops/<slug:slug>/register/", registration.register, name="register"),
    path("workshops/<slug:slug>/registered/", registration.registered, name="registered"),
    path("registrations/<str:token>/", registration.manage, name="manage_registration"),
    path("registrations/<str:token>/cancel/", registration.cancel, name="cancel_registration"),
    path(
        "registrations/<str:token>/materials/<int:pk>/download/",
        registration.material_download,
        name="registration_material",
    ),
    path("privacy/", registration.privacy, name="privacy"),
    # Organisers
    path("organise/workshops/", organise.OrganiserWorkshopListView.as_view(), name="organise_list"),
    path("organise/workshops/new/", organise.WorkshopCreateView.as_view(), name="create"),
    path("organise/workshops/<slug:slug>/", organise.WorkshopManageView.as_view(), name="manage"),
    path("organise/workshops/<slug:slug>/edit/", organise.WorkshopEditView.as_view(), name="edit"),
    path(
        "organise/workshops/<slug:slug>/duplicate/",
        organise.WorkshopDuplicateView.as_view(),
        name="duplicate",
    ),
    path(
        "organise/workshops/<slug:slug>/publish/",
        organise.WorkshopPublishView.as_view(),
        name="publish",
    ),
    path(
        "organise/workshops/<slug:slug>/cancel/",
        organise.WorkshopCancelView.as_view(),
        name="cancel",
    ),
    path(
        "organise/workshops/<slug:slug>/programme/",
        programme.ProgrammeView.as_view(),
        name="programme",
    ),
    path(
        "organise/workshops/<slug:slug>/programme/paste/",
        programme.ProgrammePasteView.as_view(),
        name="programme_paste",
    ),
    path(
        "organise/workshops/<slug:slug>/programme/<int:pk>/",
        programme.ProgrammeItemEditView.as_view(),
        name="programme_item",
    ),
    path(
        "organise/workshops/<slug:slug>/programme/<int:pk>/delete/",
        programme.ProgrammeItemDeleteView.as_view(),
        name="programme_item_delete",
    ),
    path(
        "organise/workshops/<slug:slug>/programme/<int:pk>/move/",
        programme.ProgrammeItemMoveView.as_view(),
        name="programme_item_move",
    ),
    path(
        "organise/workshops/<slug:slug>/materials/",
        programme.MaterialsView.as_view(),
        name="materials",
    ),
    path(
        "organise/workshops/<slug:slug>/materials/<int:pk>/delete/",
        programme.MaterialDeleteView.as_view(),
        name="material_delete",
    ),
    path("organise/series/", organise.SeriesListView.as_view(), name="series_list"),
    path("organise/series/new/", organise.SeriesFormView.as_view(), name="series_create"),
    path("organise/series/<slug:slug>/", organise.SeriesFormView.as_view(), name="series_edit"),
    path(
        "organise/series/<slug:slug>/duplicate/",
        organise.SeriesDuplicateView.as_view(),
        name="series_duplicate",
    ),
    path("organise/speakers/", organise.SpeakerListView.as_view(), name="speaker_list"),
    path("organise/speakers/<int:pk>/", organise.SpeakerEditView.as_view(), name="speaker_edit"),
    path(
        "organise/suggest/organisations/",
        organise.SuggestionsView.as_view(suggest=organisation_suggestions),
        name="organisation_suggestions",
    ),
    path(
        "organise/suggest/speakers/",
        organise.SuggestionsView.as_view(suggest=speaker_suggestions),
        name="speaker_suggestions",
    ),
]

urlpatterns += urls_dashboard.urlpatterns + urls_messages.urlpatterns
