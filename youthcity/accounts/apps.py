from django.utils.translation import gettext_lazy as _

# Subclass through the module (domain.DomainConfig) so Django finds exactly one AppConfig here.
from youthcity.core import domain


class AccountsConfig(domain.DomainConfig):
    name = "youthcity.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")
    city_pack_order = 30  # demo people, after regions and units
    navigation = (
        domain.Nav("workbench", "accounts:staff", _("Staff accounts"), visible="staff_managers", order=90),
    )

    def ready(self) -> None:
        super().ready()
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_save

        from youthcity.core import navigation

        from . import permissions
        from .middleware import set_duty
        from .models import User

        navigation.register_check("signed_in", lambda user: bool(getattr(user, "is_authenticated", False)))
        navigation.register_check("workbench", permissions.can_use_workbench)
        navigation.register_check("dashboard", permissions.can_use_dashboard)
        navigation.register_check("deciders", lambda user: permissions.has_role(user, *permissions.DECIDING_ROLES))
        navigation.register_check("staff_and_leaders", permissions.is_staff_or_leader)
        navigation.register_check("staff_managers", permissions.can_manage_staff)
        user_logged_in.connect(set_duty, dispatch_uid="accounts.set_duty")
        post_save.connect(_deactivated_revokes_tokens, sender=User, dispatch_uid="accounts.deactivation")


def _deactivated_revokes_tokens(sender, instance, **kwargs) -> None:
    """A deactivated account (admin, staff management, closure) keeps no live API token."""
    if not instance.is_active:
        from .services import api_tokens_revoke_all

        api_tokens_revoke_all(user=instance)
