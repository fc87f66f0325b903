from django.contrib import admin

from .models import (
    Evidence,
    Measure,
    Milestone,
    Plan,
    PlanImport,
    ProgressReport,
    Project,
    ReportingPeriod,
    ReportReview,
    Responsibility,
    Target,
    TargetValue,
)


@admin.register(PlanImport)
class PlanImportAdmin(admin.ModelAdmin):
    list_display = ("__str__", "region", "status", "filename", "created_at")
    list_filter = ("status",)
    readonly_fields = ("file_hash", "text_hash")


class ProjectInline(admin.TabularInline):
    model = Project
    extra = 0
    fields = ("position", "title")


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "region", "schedule", "starts_on", "ends_on", "published_at")
    inlines = [ProjectInline]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0
    autocomplete_fields = ("unit",)


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ("__str__", "project")
    list_filter = ("project__plan",)
    search_fields = ("text", "title")
    inlines = [ResponsibilityInline, TargetInline, MilestoneInline]


class TargetValueInline(admin.TabularInline):
    model = TargetValue
    extra = 0


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ("measure", "unit", "period", "submitted_at")
    inlines = [TargetValueInline, EvidenceInline]


admin.site.register(ReportingPeriod)
admin.site.register(ReportReview)
