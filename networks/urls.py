from django.urls import path

from .views import (
    collaborations,
    coverage,
    directory,
    editing,
    joining,
    open_data,
    organisation_import,
    people,
    picture,
    stakeholders,
)

app_name = "networks"

urlpatterns = [
    path("me/", people.MyPageView.as_view(), name="me"),
    path("me/profile/", people.ProfileEditView.as_view(), name="profile_edit"),
    path(
        "me/organisations/",
        people.OrganisationSuggestionsView.as_view(),
        name="organisation_suggestions",
    ),
    # The coverage map (anyone) and stakeholder lists (organisers), before any <slug> address.
    path("networks/coverage/", coverage.coverage_page, name="coverage"),
    path("networks/coverage.csv", coverage.coverage_csv, name="coverage_csv"),
    path(
        "networks/stakeholders/",
        stakeholders.StakeholderListsView.as_view(),
        name="stakeholder_lists",
    ),
    path(
        "networks/stakeholders/new/",
        stakeholders.StakeholderListCreateView.as_view(),
        name="stakeholder_list_create",
    ),
    path(
        "networks/stakeholders/<slug:slug>/",
        stakeholders.StakeholderListView.as_view(),
        name="stakeholder_list",
    ),
    path(
        "networks/stakeholders/<slug:slug>/edit/",
        stakeholders.StakeholderListEditView.as_view(),
        name="stakeholder_list_edit",
    ),
    path(
        "networks/stakeholders/<slug:slug>/add/",
        stakeholders.StakeholderAddView.as_view(),
        name="stakeholder_add",
    ),
    path(
        "networks/stakeholders/<slug:slug>/organisations/<int:pk>/state/",
        stakeholders.StakeholderStateView.as_view(),
        name="stakeholder_state",
    ),
    path(
        "networks/stakeholders/<slug:slug>/organisations/<int:pk>/remove/",
        stakeholders.StakeholderRemoveView.as_view(),
        name="stakeholder_remove",
    ),
    # Linking networks: collaborations, the picture, open data, spreadsheets (before the
    # directory's <slug> addresses, which would otherwise take these).
    path("networks/collaborations/", collaborations.collaboration_list, name="collaborations"),
    path(
        "networks/collaborations/new/",
        collaborations.CollaborationCreateView.as_view(),
        name="collaboration_create",
    ),
    path(
        "networks/collaborations/<slug:slug>/",
        collaborations.collaboration_page,
        name="collaboration",
    ),
    path(
        "networks/collaborations/<slug:slug>/edit/",
        collaborations.CollaborationEditView.as_view(),
        name="collaboration_edit",
    ),
    path("networks/picture/", picture.picture_page, name="picture"),
    path("networks.json", open_data.networks_json, name="networks_json"),
    path("networks/organisations.json", open_data.organisations_json, name="organisations_json"),
    path("networks/organisations.csv", open_data.organisations_csv, name="organisations_csv"),
    path(
        "networks/organisations/export.csv",
        open_data.OrganisationsExportView.as_view(),
        name="organisations_export",
    ),
    path(
        "networks/organisations/import/",
        organisation_import.UploadView.as_view(),
        name="organisations_import",
    ),
    path(
        "networks/organisations/import/columns/",
        organisation_import.ColumnsView.as_view(),
        name="import_columns",
    ),
    path(
        "networks/organisations/import/preview/",
        organisation_import.PreviewView.as_view(),
        name="import_preview",
    ),
    path(
        "networks/organisations/import/errors.csv",
        organisation_import.ErrorsCsvView.as_view(),
        name="import_errors",
    ),
    path(
        "networks/organisations/import/confirm/",
        organisation_import.ConfirmView.as_view(),
        name="import_confirm",
    ),
    path(
        "networks/organisations/imports/",
        organisation_import.BatchesView.as_view(),
        name="import_batches",
    ),
    path(
        "networks/organisations/imports/<int:pk>/undo/",
        organisation_import.UndoView.as_view(),
        name="import_undo",
    ),
    # The directory
    path("networks/", directory.directory, name="directory"),
    path("networks/organisations/", directory.organisations, name="organisations"),
    path(
        "networks/organisations/new/",
        editing.OrganisationEditView.as_view(),
        name="organisation_create",
    ),
    path("networks/organisations/<slug:slug>/", directory.organisation_page, name="organisation"),
    path(
        "networks/organisations/<slug:slug>/edit/",
        editing.OrganisationEditView.as_view(),
        name="organisation_edit",
    ),
    path("networks/partnerships/<slug:slug>/", directory.partnership_page, name="partnership"),
    path(
        "networks/partnerships/<slug:slug>/edit/",
        editing.PartnershipEditView.as_view(),
        name="partnership_edit",
    ),
]

# A network's own pages come last: `networks/<slug>/` would otherwise take the fixed
# addresses under /networks/ above (organisations, coverage …). Add new fixed ones above.
urlpatterns += [
    path("networks/<slug:slug>/", directory.network_page, name="network"),
    path("networks/<slug:slug>/edit/", editing.NetworkEditView.as_view(), name="network_edit"),
    path("networks/<slug:slug>/join/", joining.JoinView.as_view(), name="join"),
    path("networks/<slug:slug>/leave/", joining.LeaveView.as_view(), name="leave"),
    path("networks/<slug:slug>/requests/", joining.RequestsView.as_view(), name="requests"),
    path(
        "networks/<slug:slug>/members/<int:pk>/end/",
        joining.EndMembershipView.as_view(),
        name="end_membership",
    ),
]
