"""URLs for messages; included by workshops/urls.py."""

from django.urls import path

from .views import messages

urlpatterns = [
    path(
        "organise/workshops/<slug:slug>/follow-up/",
        messages.FollowUpView.as_view(),
        name="follow_up",
    ),
    path(
        "organise/workshops/<slug:slug>/messages/",
        messages.MessagesView.as_view(),
        name="messages",
    ),
    path(
        "organise/workshops/<slug:slug>/messages/<int:pk>/",
        messages.MessageDetailView.as_view(),
        name="message_detail",
    ),
]
