from django.contrib import admin

from .models import (
    AllowanceClaim,
    Employer,
    EmployerSubsidy,
    EmployerVerification,
    JobApplication,
    Position,
    PositionReview,
)


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ("name", "credit_code", "district", "industry", "status", "is_internship_base", "is_demo")
    list_filter = ("status", "industry", "is_internship_base")
    search_fields = ("name", "credit_code")
    raw_id_fields = ("unit", "district")


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ("title", "employer", "kind", "district", "monthly_pay", "capacity", "status", "published_at")
    list_filter = ("kind", "status", "industry")
    search_fields = ("title", "employer__name")
    raw_id_fields = ("employer", "district", "posted_by")


@admin.register(JobApplication)
class JobApplicationAdmin(admin.ModelAdmin):
    list_display = ("applicant", "position", "status", "created_at", "accepted_at")
    list_filter = ("status",)
    raw_id_fields = ("applicant", "position", "decided_by")


@admin.register(EmployerVerification, PositionReview, AllowanceClaim)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ("pk", "applicant", "unit", "status", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("applicant", "unit", "decided_by")


@admin.register(EmployerSubsidy)
class EmployerSubsidyAdmin(admin.ModelAdmin):
    list_display = ("employer", "policy_id", "status", "unit", "approved_amount", "paid_on", "created_at")
    list_filter = ("policy_id", "status")
    search_fields = ("employer__name", "employer__credit_code")
    raw_id_fields = ("employer", "applicant", "unit", "decided_by", "paid_by")
