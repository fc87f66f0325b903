from django.utils.translation import gettext_lazy as _

from youthcity.core import domain


class OrganizationsConfig(domain.DomainConfig):
    name = "youthcity.organizations"
    label = "organizations"
    verbose_name = _("Organisation units")
    city_pack_order = 20

    def ready(self) -> None:
        super().ready()
        from django.db.models.signals import post_delete, post_save

        from youthcity.regions.models import Region

        from .models import Unit, UnitAlias
        from .selectors import directory_changed

        for model in (Unit, UnitAlias, Region):
            post_save.connect(directory_changed, sender=model, dispatch_uid=f"directory-{model.__name__}-save")
            post_delete.connect(directory_changed, sender=model, dispatch_uid=f"directory-{model.__name__}-delete")
