from __future__ import annotations

from django.conf import settings

from youthcity.accounts.permissions import faces_for, roles_of
from youthcity.core.navigation import entries_for
from youthcity.core.notifications import unread_count


def platform(request):
    """Values every template needs: faces the user may enter, roles, navigation, unread count."""
    user = getattr(request, "user", None)
    if user is None:
        return {"faces": ["portal"]}
    unread = 0
    if user.is_authenticated:
        unread = unread_count(user)
    return {
        "faces": faces_for(user),
        "user_roles": roles_of(user),
        "face_names": settings.YOUTHCITY_FACES,
        "unread_notifications": unread,
        "portal_nav": entries_for("portal", user),
        "workbench_nav": entries_for("workbench", user),
        "dashboard_nav": entries_for("dashboard", user),
    }
