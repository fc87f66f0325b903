"""The region tree: city → district/county → township/street → community."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    class Level(models.TextChoices):
        CITY = "city", _("City")
        DISTRICT = "district", _("District / county")
        TOWNSHIP = "township", _("Township / street")
        COMMUNITY = "community", _("Community")

    LEVEL_ORDER = {Level.CITY: 0, Level.DISTRICT: 1, Level.TOWNSHIP: 2, Level.COMMUNITY: 3}

    code = models.CharField(_("division code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("parent")
    )
    # Materialised path of codes ("/410300/410311/") so a subtree is one indexed prefix query.
    path = models.CharField(_("path"), max_length=255, db_index=True, editable=False)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["path", "sort_order"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="region_unique_name_in_parent")]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        parent_path = self.parent.path if self.parent_id else "/"
        self.path = f"{parent_path}{self.code}/"
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name

    def subtree(self):
        """This region and all regions below it."""
        return Region.objects.filter(path__startswith=self.path)

    def ancestors(self):
        codes = [c for c in self.path.strip("/").split("/") if c]
        return Region.objects.filter(code__in=codes).order_by("path")

    def contains(self, other: Region | None) -> bool:
        return other is not None and other.path.startswith(self.path)

    def district(self) -> Region | None:
        """The district/county this region lies in (itself if it is one)."""
        for region in self.ancestors():
            if region.level == Region.Level.DISTRICT:
                return region
        return None
