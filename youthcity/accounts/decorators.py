"""Face checks for views: sign-in first, then the role that enters the face (403 otherwise)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .permissions import can_manage_staff, can_use_dashboard, can_use_workbench, is_admin


def _face_required(check):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)
        return wrapped
    return decorator


workbench_required = _face_required(can_use_workbench)
dashboard_required = _face_required(can_use_dashboard)
admin_required = _face_required(is_admin)
staff_managers_required = _face_required(can_manage_staff)
