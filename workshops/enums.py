from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkshopFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid (in person and online)")


class WorkshopState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class ProgrammeKind(models.TextChoices):
    REGISTRATION = "registration", _("Registration")
    WELCOME = "welcome", _("Welcome")
    TALK = "talk", _("Talk")
    PANEL = "panel", _("Panel")
    QA = "qa", _("Questions and answers")
    BREAK = "break", _("Break")
    MEAL = "meal", _("Meal")
    BREAKOUTS = "breakouts", _("Breakout groups")
    PLENARY = "plenary", _("Plenary and recommendations")
    CLOSE = "close", _("Close")
    OTHER = "other", _("Other")


class MaterialKind(models.TextChoices):
    PRESENTATION = "presentation", _("Presentation")
    OUTPUT = "output", _("Workshop output")
    RECORDING = "recording", _("Recording")
    DOCUMENT = "document", _("Document")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    REGISTRANTS = "registrants", _("Registered participants only")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class HowHeard(models.TextChoices):
    NETWORK = "network", _("Through a network I belong to")
    COLLEAGUE = "colleague", _("From a colleague or friend")
    EMAIL = "email", _("By email")
    SOCIAL = "social", _("Social media")
    WEBSITE = "website", _("This website")
    OTHER = "other", _("Another way")


class MessageAudience(models.TextChoices):
    CONFIRMED = "confirmed", _("Everyone with a confirmed place")
    WAITING = "waiting", _("Everyone on the waiting list")
    ATTENDED = "attended", _("Everyone who attended")
    REGISTERED = "registered", _("Everyone with a place or on the waiting list")


class Action(models.TextChoices):
    """What organisers do to workshops, as the activity log says it."""

    WORKSHOP_CREATED = "workshops.workshop.created", _("created the workshop")
    WORKSHOP_CHANGED = "workshops.workshop.changed", _("changed the workshop's details")
    WORKSHOP_PUBLISHED = "workshops.workshop.published", _("published the workshop")
    WORKSHOP_CANCELLED = "workshops.workshop.cancelled", _("cancelled the workshop")
    WORKSHOP_COPIED = "workshops.workshop.copied", _("made a copy of the workshop")
    SERIES_SAVED = "workshops.series.saved", _("saved the series")
    SERIES_COPIED = "workshops.series.copied", _("copied the series")
    SPEAKER_CHANGED = "workshops.speaker.changed", _("changed the speaker")
    ITEM_SAVED = "workshops.item.saved", _("saved a programme item")
    ITEMS_PASTED = "workshops.item.pasted", _("pasted programme items")
    ITEM_DELETED = "workshops.item.deleted", _("deleted a programme item")
    ITEM_MOVED = "workshops.item.moved", _("moved a programme item")
    MATERIAL_ADDED = "workshops.material.added", _("added a material")
    MATERIAL_DELETED = "workshops.material.deleted", _("deleted a material")
    CAPACITY_CHANGED = "workshops.capacity.changed", _("changed the number of places")
    PLACE_GIVEN = "workshops.registration.place_given", _("gave a place from the waiting list")
    REGISTRATION_CANCELLED = "workshops.registration.cancelled", _("cancelled a registration")
    BURST_REMOVED = (
        "workshops.registration.burst_removed",
        _("removed the registrations from one connection"),
    )
    ARRIVAL_RECORDED = "workshops.registration.arrived", _("marked someone as arrived")
    ARRIVAL_UNDONE = "workshops.registration.not_arrived", _("marked someone as not arrived")
    ATTENDANCE_PASTED = "workshops.registration.list_pasted", _("marked attendance from a list")
    ATTENDANCE_CONFIRMED = (
        "workshops.registration.list_confirmed",
        _("confirmed likely matches of a list"),
    )
    FOLLOW_UP_SENT = "workshops.follow_up.sent", _("sent the follow-up")
    MESSAGE_SENT = "workshops.message.sent", _("sent a message to participants")
