from django.contrib import admin

from .models import Call, Contribution, Review, ReviewerNote


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["title", "workshop", "series", "opens_at", "closes_at", "anonymised_review"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    list_display = ["title", "call", "state", "visibility", "submitted_at"]
    list_filter = ["state", "visibility", "effect", "covid"]
    search_fields = ["title", "summary"]
    raw_id_fields = ["author", "organisation"]
    filter_horizontal = ["groups", "sectors", "levels", "themes"]


admin.site.register(Review)
admin.site.register(ReviewerNote)
