"""Choice fields and filters that check a submitted key before the database sees it.

A ``ModelMultipleChoiceField`` looks its values up with ``pk__in``: on SQLite an id beyond
64 bits is an ``OverflowError`` there (Django guards only the single ``exact`` lookup),
and on PostgreSQL a NUL in a text key (``to_field_name="code"``) is a ``DataError``. Both
were 500s for ``?body=18446744073709551616``. These fields refuse such a value as an
invalid choice, like any other unknown key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django_filters import fields as filter_fields

from hecht.params import parse_id

_F = TypeVar("_F", bound=forms.Field)


def field_of(form: forms.BaseForm, name: str, kind: type[_F]) -> _F:
    """``form.fields[name]``, checked to be a ``kind`` (to set its choices, queryset or
    formats with the field's own type)."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{type(form).__name__}.{name} is no {kind.__name__}: {field!r}")
    return field


if TYPE_CHECKING:  # the mixins below are only ever combined with these fields
    _ChoiceBase = forms.ModelChoiceField[Any]
    _MultipleChoiceBase = forms.ModelMultipleChoiceField[Any]
else:
    _ChoiceBase = _MultipleChoiceBase = object


class _KeyCheck(_ChoiceBase):
    def _key_is_possible(self, value: object) -> bool:
        """Whether ``value`` (as submitted) could be a key of the queryset's model."""
        if not isinstance(value, str):
            return True  # a model instance or an int from initial data, not client input
        if self.queryset is None:  # not set up yet: nothing to check the key against
            return True
        opts = self.queryset.model._meta
        field = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        if isinstance(field, models.IntegerField | models.AutoField):
            return parse_id(value) is not None
        return "\x00" not in value


class _CheckedChoice(_KeyCheck):
    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not self._key_is_possible(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class _CheckedMultipleChoice(_KeyCheck, _MultipleChoiceBase):
    def _check_values(self, value: Any) -> Any:
        for key in value:
            if not self._key_is_possible(key):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": key},
                )
        # Django's private ModelMultipleChoiceField._check_values is not in django-stubs.
        return super()._check_values(value)  # type: ignore[misc]


class ModelChoiceField(_CheckedChoice, forms.ModelChoiceField):
    pass


class ModelMultipleChoiceField(_CheckedMultipleChoice, forms.ModelMultipleChoiceField):
    pass


class _FilterModelChoiceField(_CheckedChoice, filter_fields.ModelChoiceField):
    pass


class _FilterModelMultipleChoiceField(
    _CheckedMultipleChoice, filter_fields.ModelMultipleChoiceField
):
    pass


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _FilterModelChoiceField


class ModelMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = _FilterModelMultipleChoiceField
