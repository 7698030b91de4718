from django.contrib import admin

from .models import Entry, Group, Recommendation, Report, Revision, Section


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "workshop", "item", "ready_at"]
    search_fields = ["name", "workshop__title"]
    raw_id_fields = ["item", "workshop", "contributions"]
    filter_horizontal = ["facilitators"]


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "group", "status", "progress", "due_on"]
    list_filter = ["status", "level", "four_r"]
    search_fields = ["text"]
    raw_id_fields = ["group", "merged_into", "owner_network", "owner_organisation", "contributions"]


admin.site.register(Section)
admin.site.register(Entry)
admin.site.register(Revision)
admin.site.register(Report)
