from django.urls import include, path

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

me = [
    path("", people.MyPageView.as_view(), name="me"),
    path("profile/", people.ProfileEditView.as_view(), name="profile_edit"),
    path(
        "organisations/",
        people.OrganisationSuggestionsView.as_view(),
        name="organisation_suggestions",
    ),
]

# Under /networks/.
networks = [
    # The coverage map (anyone) and stakeholder lists (organisers), before any <slug> address.
    path("coverage/", coverage.coverage_page, name="coverage"),
    path("suggestions/", people.network_suggestions_view, name="network_suggestions"),
    path("coverage.csv", coverage.coverage_csv, name="coverage_csv"),
    path("stakeholders/", stakeholders.StakeholderListsView.as_view(), name="stakeholder_lists"),
    path(
        "stakeholders/new/",
        stakeholders.StakeholderListCreateView.as_view(),
        name="stakeholder_list_create",
    ),
    path(
        "stakeholders/<slug:slug>/",
        stakeholders.StakeholderListView.as_view(),
        name="stakeholder_list",
    ),
    path(
        "stakeholders/<slug:slug>/edit/",
        stakeholders.StakeholderListEditView.as_view(),
        name="stakeholder_list_edit",
    ),
    path(
        "stakeholders/<slug:slug>/add/",
        stakeholders.StakeholderAddView.as_view(),
        name="stakeholder_add",
    ),
    path(
        "stakeholders/<slug:slug>/organisations/<int:pk>/state/",
        stakeholders.StakeholderStateView.as_view(),
        name="stakeholder_state",
    ),
    path(
        "stakeholders/<slug:slug>/organisations/<int:pk>/remove/",
        stakeholders.StakeholderRemoveView.as_view(),
        name="stakeholder_remove",
    ),
    # Linking networks: collaborations, the picture, open data, spreadsheets (before the
    # directory's <slug> addresses, which would otherwise take these).
    path("collaborations/", collaborations.collaboration_list, name="collaborations"),
    path(
        "collaborations/new/",
        collaborations.CollaborationCreateView.as_view(),
        name="collaboration_create",
    ),
    path("collaborations/<slug:slug>/", collaborations.collaboration_page, name="collaboration"),
    path(
        "collaborations/<slug:slug>/edit/",
        collaborations.CollaborationEditView.as_view(),
        name="collaboration_edit",
    ),
    path("picture/", picture.picture_page, name="picture"),
    path("organisations.json", open_data.organisations_json, name="organisations_json"),
    path("organisations.csv", open_data.organisations_csv, name="organisations_csv"),
    path(
        "organisations/export.csv",
        open_data.OrganisationsExportView.as_view(),
        name="organisations_export",
    ),
    path(
        "organisations/import/",
        organisation_import.UploadView.as_view(),
        name="organisations_import",
    ),
    path(
        "organisations/import/columns/",
        organisation_import.ColumnsView.as_view(),
        name="import_columns",
    ),
    path(
        "organisations/import/preview/",
        organisation_import.PreviewView.as_view(),
        name="import_preview",
    ),
    path(
        "organisations/import/errors.csv",
        organisation_import.ErrorsCsvView.as_view(),
        name="import_errors",
    ),
    path(
        "organisations/import/confirm/",
        organisation_import.ConfirmView.as_view(),
        name="import_confirm",
    ),
    path(
        "organisations/imports/",
        organisation_import.BatchesView.as_view(),
        name="import_batches",
    ),
    path(
        "organisations/imports/<int:pk>/undo/",
        organisation_import.UndoView.as_view(),
        name="import_undo",
    ),
    # The directory
    path("", directory.directory, name="directory"),
    path("organisations/", directory.organisations, name="organisations"),
    path("organisations/new/", editing.OrganisationEditView.as_view(), name="organisation_create"),
    path("organisations/<slug:slug>/", directory.organisation_page, name="organisation"),
    path(
        "organisations/<slug:slug>/edit/",
        editing.OrganisationEditView.as_view(),
        name="organisation_edit",
    ),
    path("partnerships/<slug:slug>/", directory.partnership_page, name="partnership"),
    path(
        "partnerships/<slug:slug>/edit/",
        editing.PartnershipEditView.as_view(),
        name="partnership_edit",
    ),
]

# A network's own pages come last: `networks/<slug>/` would otherwise take the fixed
# addresses under /networks/ above (organisations, coverage …). Add new fixed ones above.
networks += [
    path("<slug:slug>/", directory.network_page, name="network"),
    path("<slug:slug>/edit/", editing.NetworkEditView.as_view(), name="network_edit"),
    path("<slug:slug>/join/", joining.JoinView.as_view(), name="join"),
    path("<slug:slug>/leave/", joining.LeaveView.as_view(), name="leave"),
    path("<slug:slug>/requests/", joining.RequestsView.as_view(), name="requests"),
    path(
        "<slug:slug>/members/<int:pk>/end/",
        joining.EndMembershipView.as_view(),
        name="end_membership",
    ),
    path(
        "<slug:slug>/coordinators/",
        joining.AddCoordinatorView.as_view(),
        name="add_coordinator",
    ),
    path(
        "<slug:slug>/coordinators/<int:pk>/remove/",
        joining.RemoveCoordinatorView.as_view(),
        name="remove_coordinator",
    ),
]

# Grouped by the address's first part: Django tries each pattern in turn, so a request for
# another app's page is matched against these three prefixes, not every address here.
urlpatterns = [
    path("me/", include(me)),
    path("networks/", include(networks)),
    path("networks.json", open_data.networks_json, name="networks_json"),
]
