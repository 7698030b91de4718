from django.urls import path

from workshops.selectors.speakers import organisation_suggestions
from workshops.views.speakers import SuggestionsView

from .views import agenda, choosing, organise, recording, report, report_organise, tracker

app_name = "breakouts"

urlpatterns = [
    # Facilitators (and the workshop's organisers)
    path("breakouts/", recording.MyGroupsView.as_view(), name="mine"),
    path("breakouts/<int:pk>/", recording.RecordView.as_view(), name="record"),
    path("breakouts/<int:pk>/save/", recording.SaveView.as_view(), name="save"),
    path("breakouts/<int:pk>/delete/", recording.DeletePartView.as_view(), name="delete_part"),
    path("breakouts/<int:pk>/history/<str:part>/", recording.HistoryView.as_view(), name="history"),
    path(
        "breakouts/<int:pk>/history/<int:revision>/restore/",
        recording.RestoreView.as_view(),
        name="restore",
    ),
    path("breakouts/<int:pk>/ready/", recording.ReadyView.as_view(), name="ready"),
    path(
        "breakouts/suggest/organisations/",
        SuggestionsView.as_view(
            suggest=organisation_suggestions, permission_required="breakouts.view_own_groups"
        ),
        name="organisation_suggestions",
    ),
    path("workshops/<slug:slug>/plenary/", organise.PlenaryView.as_view(), name="plenary"),
    path(
        "workshops/<slug:slug>/plenary/live/",
        organise.PlenaryView.as_view(live=True),
        name="plenary_live",
    ),
    # The report: public once published; attendees suggest corrections to the draft
    path("workshops/<slug:slug>/report/", report.report_page, name="report"),
    path("workshops/<slug:slug>/report/correct/", report.correct, name="report_correct"),
    path("workshops/<slug:slug>/report.pdf", report.report_pdf_download, name="report_pdf"),
    path(
        "workshops/<slug:slug>/report-pdf-progress/",
        report.report_pdf_progress,
        name="report_pdf_progress",
    ),
    path("workshops/<slug:slug>/report.csv", report.report_csv, name="report_csv"),
    path("workshops/<slug:slug>/report.md", report.report_markdown, name="report_markdown"),
    path(
        "organise/workshops/<slug:slug>/report/",
        report_organise.ReportEditView.as_view(),
        name="report_edit",
    ),
    path(
        "organise/workshops/<slug:slug>/report/open/",
        report_organise.ReportOpenView.as_view(),
        name="report_open",
    ),
    path(
        "organise/workshops/<slug:slug>/report/publish/",
        report_organise.ReportPublishView.as_view(),
        name="report_publish",
    ),
    path(
        "organise/workshops/<slug:slug>/report/merge/",
        report_organise.MergeView.as_view(),
        name="recommendation_merge",
    ),
    path(
        "organise/recommendations/<int:pk>/separate/",
        report_organise.SeparateView.as_view(),
        name="recommendation_separate",
    ),
    path(
        "organise/corrections/<int:pk>/",
        report_organise.DecideView.as_view(),
        name="correction_decide",
    ),
    # The research agenda
    path("research-agenda/", agenda.research_agenda, name="research_agenda"),
    # The recommendation tracker
    path("recommendations/", tracker.tracker, name="tracker"),
    path("recommendations/export.csv", tracker.tracker_csv, name="tracker_csv"),
    path("recommendations/import/", tracker.ImportView.as_view(), name="tracker_import"),
    path("recommendations/<int:pk>/", tracker.RecommendationView.as_view(), name="recommendation"),
    path("recommendations/<int:pk>/support/", tracker.SupportView.as_view(), name="support"),
    path(
        "recommendations/<int:pk>/update/",
        tracker.UpdateView.as_view(),
        name="recommendation_update",
    ),
    # Participants, by their registration's private link
    path("registrations/<str:token>/group/", choosing.choose, name="choose"),
    # Organisers
    path("organise/workshops/<slug:slug>/breakouts/", organise.GroupsView.as_view(), name="groups"),
    path(
        "organise/workshops/<slug:slug>/breakouts/<int:item>/new/",
        organise.GroupCreateView.as_view(),
        name="group_create",
    ),
    path("organise/breakouts/<int:pk>/", organise.GroupEditView.as_view(), name="group_edit"),
    path(
        "organise/breakouts/<int:pk>/delete/",
        organise.GroupDeleteView.as_view(),
        name="group_delete",
    ),
    path("organise/breakouts/<int:pk>/people/", organise.MembersView.as_view(), name="members"),
]
