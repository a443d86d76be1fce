"""Account pages of the core: the second factor and, for the secretariat, accounts."""

from django.urls import path

import hecht.converters  # noqa: F401  (registers <id:…>, <token:…>, <code:…>)
from governance.views import accounts

urlpatterns = [
    path("account/tweestapsverificatie/", accounts.mfa_overview, name="mfa-overview"),
    path("account/tweestapsverificatie/code/", accounts.mfa_verify, name="mfa-verify"),
    path("account/tweestapsverificatie/instellen/", accounts.mfa_enrol, name="mfa-enrol"),
    path(
        "account/tweestapsverificatie/herstelcodes/",
        accounts.mfa_recovery_codes,
        name="mfa-recovery-codes",
    ),
    path("gebruikers/", accounts.account_list, name="account-list"),
    path(
        "gebruikers/<id:pk>/tweede-factor-herstellen/",
        accounts.account_mfa_reset,
        name="account-mfa-reset",
    ),
]
