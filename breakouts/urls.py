from django.urls import path

from .views import choosing, organise, recording

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
    path("workshops/<slug:slug>/plenary/", organise.PlenaryView.as_view(), name="plenary"),
    path(
        "workshops/<slug:slug>/plenary/live/",
        organise.PlenaryView.as_view(live=True),
        name="plenary_live",
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
