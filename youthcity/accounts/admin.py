from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, Membership, User, YouthProfile
from .permissions import mask_id_number


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit", "region"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("YouthCity"), {"fields": ("display_name", "phone", "id_number_masked", "preferred_language")}),
    )
    # The ID number is sensitive (encrypted at rest): the admin shows it masked and never edits it;
    # it is recorded through accounts.services.identity_number_record (check digit, real-name check).
    readonly_fields = ["id_number_masked"]
    list_display = ["username", "display_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["username", "display_name", "phone"]
    inlines = [MembershipInline]

    @admin.display(description=_("ID card number"))
    def id_number_masked(self, obj) -> str:
        return mask_id_number(obj.id_number) if obj else ""


@admin.register(YouthProfile)
class YouthProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "education_level", "graduation_date", "current_region", "employment_status"]
    list_filter = ["education_level", "employment_status", "current_region"]
    search_fields = ["user__username", "user__display_name"]
    raw_id_fields = ["user"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "region", "is_active"]
    list_filter = ["role", "is_active"]
    autocomplete_fields = ["user", "unit", "region"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "created_at", "expires_at", "last_used_at", "revoked_at"]
    readonly_fields = ["key_hash", "prefix", "created_at", "last_used_at"]
