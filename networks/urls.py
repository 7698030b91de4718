from django.urls import path

from .views import people

app_name = "networks"

urlpatterns = [
    path("me/", people.MyPageView.as_view(), name="me"),
    path("me/profile/", people.ProfileEditView.as_view(), name="profile_edit"),
    path("networks/", people.DirectoryView.as_view(), name="directory"),
]
