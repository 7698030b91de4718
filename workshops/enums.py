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
