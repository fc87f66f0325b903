"""Translated labels of the units of measure that frameworks commonly use.

Framework files give one (English) unit string per indicator; the interface shows it in the
reader's language when it is known here, otherwise as written in the file.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

UNIT_LABELS = {
    "%": "%",
    "years": N_("years"),
    "‰ of youth population per year": N_("‰ of youth population per year"),
    "person-times per 10,000 youth": N_("person-times per 10,000 youth"),
    "venues per 10,000 youth": N_("venues per 10,000 youth"),
    "entities per 10,000 youth per year": N_("entities per 10,000 youth per year"),
    "loans per 10,000 youth per year": N_("loans per 10,000 youth per year"),
    "homes per 10,000 youth": N_("homes per 10,000 youth"),
    "beds per 10,000 youth": N_("beds per 10,000 youth"),
    "staff per 100,000 residents": N_("staff per 100,000 residents"),
    "cases per 100,000 youth": N_("cases per 100,000 youth"),
    "deaths per 100,000 youth": N_("deaths per 100,000 youth"),
    "places per 1,000 residents": N_("places per 1,000 residents"),
    "organisations per 10,000 youth": N_("organisations per 10,000 youth"),
}


def unit_label(unit: str) -> str:
    known = UNIT_LABELS.get(unit)
    return gettext(known) if known else unit
