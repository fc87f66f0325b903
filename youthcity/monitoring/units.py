"""Translated labels of the units of measure that frameworks commonly use.

Framework files give one (English) unit string per indicator; the interface shows it in the
reader's language when it is known here, otherwise as written in the file.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

UNIT_LABELS = {
    "%": "%",
    "years": gettext_noop("years"),
    "‰ of youth population per year": gettext_noop("‰ of youth population per year"),
    "person-times per 10,000 youth": gettext_noop("person-times per 10,000 youth"),
    "venues per 10,000 youth": gettext_noop("venues per 10,000 youth"),
    "entities per 10,000 youth per year": gettext_noop("entities per 10,000 youth per year"),
    "loans per 10,000 youth per year": gettext_noop("loans per 10,000 youth per year"),
    "homes per 10,000 youth": gettext_noop("homes per 10,000 youth"),
    "beds per 10,000 youth": gettext_noop("beds per 10,000 youth"),
    "staff per 100,000 residents": gettext_noop("staff per 100,000 residents"),
    "cases per 100,000 youth": gettext_noop("cases per 100,000 youth"),
    "deaths per 100,000 youth": gettext_noop("deaths per 100,000 youth"),
    "places per 1,000 residents": gettext_noop("places per 1,000 residents"),
    "organisations per 10,000 youth": gettext_noop("organisations per 10,000 youth"),
}


def unit_label(unit: str) -> str:
    known = UNIT_LABELS.get(unit)
    return gettext(known) if known else unit
