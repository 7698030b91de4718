from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import (
    ActionCategory,
    Collaboration,
    EqualityGroup,
    FourR,
    Goal,
    Level,
    Membership,
    Network,
    Organisation,
    Partnership,
    Sector,
    Theme,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["network"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "organisation", "sector", "is_staff"]
    search_fields = ["email", "display_name"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Profile"),
            {
                "fields": [
                    "display_name",
                    "pronouns",
                    "job_title",
                    "organisation",
                    "sector",
                    "access_needs",
                ]
            },
        ),
        (
            _("Roles"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "partnership"]
    list_select_related = ["partnership"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["coordinators", "organisations"]
    filter_horizontal = ["equality_groups", "sectors", "themes"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "place"]
    list_filter = ["kind"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "place"]
    filter_horizontal = ["equality_groups", "sectors"]


@admin.register(EqualityGroup)
class EqualityGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "position"]
    list_filter = ["kind"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Sector, Theme, Level, FourR, ActionCategory, Goal)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Collaboration)
class CollaborationAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "created_at"]
    list_filter = ["status"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]
    filter_horizontal = ["networks"]
    autocomplete_fields = ["organisations"]
