"""Form errors the accessible way (WCAG 3.3.1, 2.4.2, 4.1.2).

``{% page_has_errors as failed %}`` in the base layout: true when a bound form in the page's
context has errors (or the view passed a non-empty ``errors`` list), so the title can start
with "Fout:" – the first thing a screen reader reads after a rejected submit.

``{% error_summary_links form as links %}`` in the error summary: one link per field in
error, to the control itself (the first option of a radio or checkbox group)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django import forms, template

register = template.Library()

# How deep the context is searched: the route editor keeps a form per row in a dict.
_MAX_DEPTH = 3


@dataclass(frozen=True)
class ErrorLink:
    target: str
    label: str
    message: str


def _forms_in(value: object, depth: int = 0) -> Iterator[forms.BaseForm]:
    if isinstance(value, forms.BaseForm):
        yield value
    elif isinstance(value, forms.BaseFormSet):
        yield from value.forms
    elif depth < _MAX_DEPTH and isinstance(value, dict):
        for item in value.values():
            yield from _forms_in(item, depth + 1)
    elif depth < _MAX_DEPTH and isinstance(value, list | tuple):
        for item in value:
            yield from _forms_in(item, depth + 1)


def _context_values(context: template.Context) -> Iterable[tuple[str, object]]:
    for layer in context.dicts:
        yield from layer.items()


@register.simple_tag(takes_context=True)
def page_has_errors(context: template.Context) -> bool:
    for name, value in _context_values(context):
        if name == "errors" and isinstance(value, list | tuple) and value:
            return True
        if any(form.is_bound and form.errors for form in _forms_in(value)):
            return True
    return False


def choice_group(field: forms.BoundField) -> bool:
    """A radio or checkbox group: rendered as a fieldset, its options numbered ids."""
    widget = field.field.widget
    return isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple)


register.filter("choice_group", choice_group)


@register.simple_tag
def error_summary_links(form: forms.BaseForm) -> list[ErrorLink]:
    links: list[ErrorLink] = []
    for field in form:
        if not field.errors or field.is_hidden:
            continue
        target = field.auto_id or f"id_{field.html_name}"
        if choice_group(field):
            target = f"{target}_0"
        label = str(field.label or "")
        links.extend(ErrorLink(target=target, label=label, message=str(m)) for m in field.errors)
    return links
