"""Template filters over :mod:`youthcity.core.numbers`: ``{{ n|grouped }}``, ``{{ n|wan }}``,
``{{ score|fixed:1 }}``."""

from django import template

from youthcity.core import numbers

register = template.Library()

register.filter("grouped", numbers.grouped)
register.filter("wan", numbers.wan)
register.filter("fixed", numbers.fixed)
register.filter("plain", numbers.plain)
