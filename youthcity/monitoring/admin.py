from django.contrib import admin

from .models import DataValue, FrameworkVersion, IndexRun, Indicator, Submission


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["code", "name_zh", "measure_unit", "polarity", "dimension_code", "source_unit_name", "supplier"]
    readonly_fields = fields
    can_delete = False


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "name_zh", "content_hash", "approver_unit", "created_at"]
    readonly_fields = ["content_hash", "source_text"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_zh", "measure_unit", "polarity", "dimension_code", "supplier", "framework"]
    list_filter = ["framework", "polarity", "dimension_code"]
    search_fields = ["code", "name_zh", "name_en"]
    raw_id_fields = ["supplier"]


class DataValueInline(admin.TabularInline):
    model = DataValue
    extra = 0
    raw_id_fields = ["indicator", "region", "supersedes"]
    readonly_fields = ["indicator", "region", "period", "value", "revision", "supersedes"]
    can_delete = False


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["id", "unit", "status", "source", "submitted_by", "reviewed_by", "created_at"]
    list_filter = ["status", "source"]
    raw_id_fields = ["unit", "submitted_by", "reviewed_by"]
    inlines = [DataValueInline]


@admin.register(IndexRun)
class IndexRunAdmin(admin.ModelAdmin):
    list_display = ["id", "framework", "status", "data_hash", "engine_version", "published_at"]
    list_filter = ["status"]
    readonly_fields = ["framework_hash", "data_hash", "engine_version", "input_hash", "snapshot", "result",
                       "uncertainty"]
