"""Organisation units: departments, the youth league, enterprises, universities, stations.

Units carry their official name, a short name and aliases (市人社局 = 洛阳市人力资源和社会保障局),
so unit names found in plan documents resolve to real units.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Unit(models.Model):
    class Kind(models.TextChoices):
        PARTY = "party", _("Party committee department")
        GOVERNMENT = "government", _("People's government / office")
        DEPARTMENT = "department", _("Government department")
        YOUTH_LEAGUE = "youth_league", _("Communist Youth League committee")
        PEOPLES_ORG = "peoples_org", _("People's organisation")
        UNIVERSITY = "university", _("University")
        ENTERPRISE = "enterprise", _("Enterprise")
        STATION = "station", _("Youth station operator")
        OTHER = "other", _("Other")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("official name"), max_length=150)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="units", verbose_name=_("region")
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children", verbose_name=_("parent unit")
    )
    contact_phone = models.CharField(_("public contact phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["region__path", "kind", "name"]
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="unit_unique_name_in_region")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.short_name or self.name


class UnitAlias(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("unit"))
    alias = models.CharField(_("alias"), max_length=150, db_index=True)

    class Meta:
        ordering = ["alias"]
        verbose_name = _("unit alias")
        verbose_name_plural = _("unit aliases")
        constraints = [models.UniqueConstraint(fields=["unit", "alias"], name="unit_alias_unique")]

    def __str__(self) -> str:
        return f"{self.alias} → {self.unit.name}"
