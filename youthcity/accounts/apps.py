from django.utils.translation import gettext_lazy as _

# Subclass through the module (domain.DomainConfig) so Django finds exactly one AppConfig here.
from youthcity.core import domain


class AccountsConfig(domain.DomainConfig):
    name = "youthcity.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")
    city_pack_order = 30  # demo people, after regions and units

    def ready(self) -> None:
        super().ready()
        from youthcity.core import navigation

        from . import permissions

        navigation.register_check("signed_in", lambda user: bool(getattr(user, "is_authenticated", False)))
        navigation.register_check("workbench", permissions.can_use_workbench)
        navigation.register_check("dashboard", permissions.can_use_dashboard)
        navigation.register_check("deciders", lambda user: permissions.has_role(user, *permissions.DECIDING_ROLES))
        navigation.register_check("staff_and_leaders", permissions.is_staff_or_leader)
