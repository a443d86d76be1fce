"""Password validators of our own (AUTH_PASSWORD_VALIDATORS)."""

from __future__ import annotations

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class DifferentFromCurrentPasswordValidator:
    """A new password must differ from the current one: "changing" a password to itself
    would defeat a forced change after a leak."""

    def validate(self, password: str, user=None) -> None:
        # hashers.check_password, not user.check_password: the latter may re-hash and save.
        current = getattr(user, "password", None)
        if current and check_password(password, current):
            raise ValidationError(
                _("The new password must differ from your current password."),
                code="password_unchanged",
            )

    def get_help_text(self) -> str:
        return _("Your new password must differ from your current password.")
