from django.urls import path

from .views import calls, contributions, pack, review

app_name = "contributions"

urlpatterns = [
    # Everyone
    path("contributions/", contributions.collection, name="list"),
    path("contributions.csv", contributions.export, {"format": "csv"}, name="export_csv"),
    path("contributions.json", contributions.export, {"format": "json"}, name="export_json"),
    path("contributions/<int:pk>/", contributions.contribution_page, name="detail"),
    path("contributions/<int:pk>/document/", contributions.attachment, name="attachment"),
    path("contributions/calls/<slug:slug>/", calls.call_page, name="call"),
    path("workshops/<slug:slug>/contributions/", pack.pack_page, name="pack"),
    path("workshops/<slug:slug>/contributions.pdf", pack.pack_pdf_download, name="pack_pdf"),
    # Contributors
    path(
        "contributions/calls/<slug:slug>/new/",
        contributions.NewContributionView.as_view(),
        name="new",
    ),
    path("contributions/<int:pk>/edit/", contributions.EditContributionView.as_view(), name="edit"),
    path(
        "contributions/<int:pk>/withdraw/",
        contributions.WithdrawView.as_view(),
        name="withdraw",
    ),
    # Organisers
    path("organise/contributions/", calls.CallListView.as_view(), name="calls"),
    path("organise/contributions/new/", calls.CallCreateView.as_view(), name="call_create"),
    path("organise/contributions/calls/<slug:slug>/", review.QueueView.as_view(), name="queue"),
    path(
        "organise/contributions/calls/<slug:slug>/edit/",
        calls.CallEditView.as_view(),
        name="call_edit",
    ),
    path(
        "organise/contributions/calls/<slug:slug>/contributions.csv",
        review.CallExportView.as_view(format="csv"),
        name="call_export_csv",
    ),
    path(
        "organise/contributions/calls/<slug:slug>/contributions.json",
        review.CallExportView.as_view(format="json"),
        name="call_export_json",
    ),
    path("organise/contributions/<int:pk>/", review.ReviewView.as_view(), name="review"),
    path("organise/contributions/<int:pk>/decide/", review.DecideView.as_view(), name="decide"),
    path("organise/contributions/<int:pk>/note/", review.NoteView.as_view(), name="note"),
    path("organise/contributions/<int:pk>/themes/", review.ThemesView.as_view(), name="themes"),
]
