from django.contrib import admin

from .models import Unit, UnitAlias


class AliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "region", "is_active"]
    list_filter = ["kind", "region__level"]
    search_fields = ["name", "short_name", "name_en", "aliases__alias"]
    autocomplete_fields = ["region", "parent"]
    inlines = [AliasInline]
