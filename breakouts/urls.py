from django.urls import include, path

from workshops.selectors.speakers import organisation_suggestions
from workshops.views.speakers import SuggestionsView

from .views import agenda, choosing, organise, recording, report, report_organise, tracker

app_name = "breakouts"

# Under /breakouts/.
group_pages = [
    # Facilitators (and the workshop's organisers)
    path("", recording.MyGroupsView.as_view(), name="mine"),
    path("<int:pk>/", recording.RecordView.as_view(), name="record"),
    path("<int:pk>/save/", recording.SaveView.as_view(), name="save"),
    path("<int:pk>/delete/", recording.DeletePartView.as_view(), name="delete_part"),
    path("<int:pk>/history/<str:part>/", recording.HistoryView.as_view(), name="history"),
    path(
        "<int:pk>/history/<int:revision>/restore/",
        recording.RestoreView.as_view(),
        name="restore",
    ),
    path("<int:pk>/ready/", recording.ReadyView.as_view(), name="ready"),
    path(
        "suggest/organisations/",
        SuggestionsView.as_view(
            suggest=organisation_suggestions, permission_required="breakouts.view_own_groups"
        ),
        name="organisation_suggestions",
    ),
]

# Under /workshops/<slug>/: the plenary and the report.
workshop_pages = [
    path("plenary/", organise.PlenaryView.as_view(), name="plenary"),
    path("plenary/live/", organise.PlenaryView.as_view(live=True), name="plenary_live"),
    # The report: public once published; attendees suggest corrections to the draft
    path("report/", report.report_page, name="report"),
    path("report/correct/", report.correct, name="report_correct"),
    path("report.pdf", report.report_pdf_download, name="report_pdf"),
    path("report-pdf-progress/", report.report_pdf_progress, name="report_pdf_progress"),
    path("report.csv", report.report_csv, name="report_csv"),
    path("report.md", report.report_markdown, name="report_markdown"),
]

# Under /recommendations/.
tracker_pages = [
    # The recommendation tracker
    path("", tracker.tracker, name="tracker"),
    path("export.csv", tracker.tracker_csv, name="tracker_csv"),
    path("import/", tracker.ImportView.as_view(), name="tracker_import"),
    path("<int:pk>/", tracker.recommendation_page, name="recommendation"),
    path("<int:pk>/support/", tracker.SupportView.as_view(), name="support"),
    path("<int:pk>/update/", tracker.UpdateView.as_view(), name="recommendation_update"),
]

# Under /organise/.
organise = [
    # The report
    path(
        "workshops/<slug:slug>/report/",
        report_organise.ReportEditView.as_view(),
        name="report_edit",
    ),
    path(
        "workshops/<slug:slug>/report/open/",
        report_organise.ReportOpenView.as_view(),
        name="report_open",
    ),
    path(
        "workshops/<slug:slug>/report/publish/",
        report_organise.ReportPublishView.as_view(),
        name="report_publish",
    ),
    path(
        "workshops/<slug:slug>/report/merge/",
        report_organise.MergeView.as_view(),
        name="recommendation_merge",
    ),
    path(
        "recommendations/<int:pk>/separate/",
        report_organise.SeparateView.as_view(),
        name="recommendation_separate",
    ),
    path("corrections/<int:pk>/", report_organise.DecideView.as_view(), name="correction_decide"),
    # The breakout groups
    path("workshops/<slug:slug>/breakouts/", organise.GroupsView.as_view(), name="groups"),
    path(
        "workshops/<slug:slug>/breakouts/<int:item>/new/",
        organise.GroupCreateView.as_view(),
        name="group_create",
    ),
    path("breakouts/<int:pk>/", organise.GroupEditView.as_view(), name="group_edit"),
    path("breakouts/<int:pk>/delete/", organise.GroupDeleteView.as_view(), name="group_delete"),
    path("breakouts/<int:pk>/people/", organise.MembersView.as_view(), name="members"),
]

# Grouped by the address's first part: Django tries each pattern in turn, so a request for
# another app's page is matched against these few prefixes, not every address here.
urlpatterns = [
    path("breakouts/", include(group_pages)),
    path("workshops/<slug:slug>/", include(workshop_pages)),
    path("recommendations/", include(tracker_pages)),
    # The research agenda
    path("research-agenda/", agenda.research_agenda, name="research_agenda"),
    # Participants, by their registration's private link
    path("registrations/<str:token>/group/", choosing.choose, name="choose"),
    path("organise/", include(organise)),
]
