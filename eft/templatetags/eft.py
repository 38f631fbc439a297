from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def money(value) -> str:
    """1234.5 -> “1.234,50 €” in French, “€1,234.50” style numbers in English."""
    if value in (None, ""):
        return ""
    return f"{number_format(Decimal(value), 2, force_grouping=True)}\u00a0€"


@register.filter
def hours(value) -> str:
    """4.00 -> “4”, 3.50 -> “3,5”, 3.25 -> “3,25” (in French): hours without useless zeros."""
    if value in (None, ""):
        return ""
    text = format(Decimal(value).quantize(Decimal("0.01")), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return number_format(Decimal(text), force_grouping=True)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag(takes_context=True)
def query_replace(context, **changes) -> str:
    """The current query string with some parameters replaced."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def minutes(delta) -> int:
    """A duration in whole minutes (a login's cool-off)."""
    return int(delta.total_seconds() // 60) if delta else 0
