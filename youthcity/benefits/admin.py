from django.contrib import admin

from .models import ApplicationDocument, BenefitApplication, Decision, Disbursement


class DocumentInline(admin.TabularInline):
    model = ApplicationDocument
    extra = 0
    readonly_fields = ("document_type", "original_name", "content_type", "size", "uploaded_at")


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    readonly_fields = ("outcome", "reason", "decided_by", "eligibility_status", "created_at")


@admin.register(BenefitApplication)
class BenefitApplicationAdmin(admin.ModelAdmin):
    list_display = ("policy_name", "applicant", "unit", "status", "created_at")
    list_filter = ("status", "policy_id")
    search_fields = ("policy_name", "applicant__username", "applicant__display_name")
    raw_id_fields = ("applicant", "unit", "decided_by")
    inlines = [DocumentInline, DecisionInline]


@admin.register(Disbursement)
class DisbursementAdmin(admin.ModelAdmin):
    list_display = ("application", "amount", "paid_on", "reference")
    raw_id_fields = ("application", "recorded_by")
