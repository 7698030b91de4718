from django.urls import path

from . import views

app_name = "networks"

urlpatterns = [
    path("me/", views.MyPageView.as_view(), name="me"),
    path("me/profile/", views.ProfileEditView.as_view(), name="profile_edit"),
    path("networks/", views.DirectoryView.as_view(), name="directory"),
]
