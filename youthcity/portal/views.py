"""The three faces: youth portal (/), staff workbench (/work/), leaders' dashboard (/dashboard/).
Views stay thin: they call selectors and render."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.utils import timezone

from youthcity.accounts.decorators import admin_required, dashboard_required, workbench_required
from youthcity.accounts.permissions import can_see_personal_data, mask_phone, scope_units
from youthcity.accounts.selectors import unit_memberships
from youthcity.core import todos
from youthcity.core.web import page_of

from . import audit, selectors


def favicon(request):
    """Browsers that ask for /favicon.ico get the platform's icon."""
    return redirect(static("youthcity/favicon.svg"), permanent=True)


def home(request):
    return render(request, "portal/home.html", {"face": "portal", "city_name": selectors.city_name()})


@workbench_required
def workbench_home(request):
    """The staff's landing page: their to-dos first (reports due, reviews waiting, overdue items of
    their own units and regions); the units they can see are folded below."""
    units = selectors.workbench_units(request.user)[:200]
    items = todos.for_user(request.user, timezone.localdate())
    return render(request, "portal/workbench_home.html", {"face": "workbench", "units": units, "todos": items})


@workbench_required
def workbench_unit(request, unit_id: int):
    # Scoped lookup: another unit's page is a 404, not a leak of its existence.
    unit = get_object_or_404(scope_units(request.user).select_related("region"), pk=unit_id)
    reveal = can_see_personal_data(request.user, unit.region)
    members = [
        {"user": m.user, "role": m.get_role_display(),
         "phone": (m.user.phone or "") if reveal else mask_phone(m.user.phone)}
        for m in unit_memberships(unit)
    ]
    return render(request, "portal/workbench_unit.html",
                  {"face": "workbench", "unit": unit, "members": members, "aliases": unit.aliases.all()})


@admin_required
def audit_log(request):
    qs = selectors.audit_entries(request.user)
    model = request.GET.get("model", "")
    types = audit.record_types()
    if model in dict(types):
        qs = qs.filter(content_type__model=model)
    else:
        model = ""
    page = page_of(request, qs)
    return render(request, "portal/audit_log.html", {"face": "workbench", "page": page, "rows": audit.present(page),
                                                     "model": model, "types": types})


@dashboard_required
def dashboard_home(request):
    rows = selectors.youths_by_district(request.user)
    chart = {"labels": [r["district"].display_name for r in rows], "values": [r["youths"] for r in rows]}
    return render(request, "portal/dashboard_home.html",
                  {"face": "dashboard", "totals": selectors.platform_totals(request.user), "rows": rows,
                   "chart": chart})
