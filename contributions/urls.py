from django.urls import include, path

from .views import calls, contributions, pack, review

app_name = "contributions"

# Under /contributions/.
contribution_pages = [
    # Everyone
    path("", contributions.collection, name="list"),
    path("<int:pk>/", contributions.contribution_page, name="detail"),
    path("<int:pk>/document/", contributions.attachment, name="attachment"),
    path("calls/<slug:slug>/", calls.call_page, name="call"),
    # Contributors
    path("calls/<slug:slug>/new/", contributions.NewContributionView.as_view(), name="new"),
    path("<int:pk>/edit/", contributions.EditContributionView.as_view(), name="edit"),
    path("<int:pk>/withdraw/", contributions.WithdrawView.as_view(), name="withdraw"),
]

# Under /workshops/<slug>/: the workshop pack.
pack_pages = [
    path("contributions/", pack.pack_page, name="pack"),
    path("contributions.pdf", pack.pack_pdf_download, name="pack_pdf"),
]

# Under /organise/contributions/: calls and their review.
organise = [
    path("", calls.CallListView.as_view(), name="calls"),
    path("new/", calls.CallCreateView.as_view(), name="call_create"),
    path("calls/<slug:slug>/", review.QueueView.as_view(), name="queue"),
    path("calls/<slug:slug>/edit/", calls.CallEditView.as_view(), name="call_edit"),
    path(
        "calls/<slug:slug>/contributions.csv",
        review.CallExportView.as_view(format="csv"),
        name="call_export_csv",
    ),
    path(
        "calls/<slug:slug>/contributions.json",
        review.CallExportView.as_view(format="json"),
        name="call_export_json",
    ),
    path("<int:pk>/", review.ReviewView.as_view(), name="review"),
    path("<int:pk>/decide/", review.DecideView.as_view(), name="decide"),
    path("<int:pk>/note/", review.NoteView.as_view(), name="note"),
    path("<int:pk>/themes/", review.ThemesView.as_view(), name="themes"),
]

# Grouped by the address's first part: Django tries each pattern in turn, so a request for
# another app's page is matched against these few prefixes, not every address here.
urlpatterns = [
    path("contributions/", include(contribution_pages)),
    path("contributions.csv", contributions.export, {"format": "csv"}, name="export_csv"),
    path("contributions.json", contributions.export, {"format": "json"}, name="export_json"),
    path("workshops/<slug:slug>/", include(pack_pages)),
    path("organise/contributions/", include(organise)),
]
