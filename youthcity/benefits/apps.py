from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "youthcity.benefits"
    label = "benefits"
    verbose_name = _("Benefits")

    def ready(self) -> None:
        from youthcity.accounts.permissions import has_role
        from youthcity.core import navigation
        from youthcity.core.api import add_router
        from youthcity.core.city_pack import register_step

        from .api import router
        from .demo_data import load_benefits

        add_router("/", router)

        def staff(user) -> bool:
            return has_role(user, "reviewer", "unit_staff", "coordinator", "admin")

        def analysts(user) -> bool:
            return has_role(user, "coordinator", "leader", "admin", "unit_staff", "reviewer")

        navigation.register("portal", "benefits:finder", _("Policy finder (政策计算器)"), order=10)
        navigation.register("portal", "benefits:applications", _("My applications"),
                            visible=lambda user: user.is_authenticated, order=11)
        navigation.register("workbench", "benefits:queue", _("Benefit applications"), visible=staff, order=30)
        navigation.register("workbench", "benefits:policies", _("Policies"), visible=staff, order=31)
        navigation.register("dashboard", "benefits:simulation", _("Benefits microsimulation"), visible=analysts,
                            order=30)
        register_step("benefits", load_benefits, order=40)

        from .live import register as register_live_indicators

        register_live_indicators()
