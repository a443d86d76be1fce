"""Rows of the authorization matrix, one module per area (see
``tests/test_authorization_matrix.py``).

Each module defines:

- ``MATRIX``: {(url name, method, object key): row(...)} — the expected outcome per actor;
- ``OBJECTS``: {object key: builder(world) -> model instance or dict} — the object whose
  ``pk`` goes into the URL, built from the shared ``world`` (actors, bodies, meetings), or
  the URL's keyword arguments themselves (``"-"``: none; a body's code; a feed key);
- ``PAYLOADS``: {url name: builder(obj, world) -> dict} — a valid POST body, so that a
  permitted POST succeeds (302) and a refused one is refused for the right reason.

Outcomes: 200 (shown), 302 (done, redirected onwards), "login" (redirect to the login
page), 403 (visible but not allowed), 404 (not visible: existence not disclosed),
405 (method not allowed).
"""

from __future__ import annotations

ACTORS = (
    "anonymous",
    "outsider",
    "other_body_member",
    "member",
    "contact_official",
    "manager",
    "secretary",
)


def row(anonymous, outsider, other_body_member, member, contact_official, manager, secretary):
    """One row of the matrix: the expected outcome for each actor, in ``ACTORS`` order.

    ``member`` sits on the AB (Gouda); ``other_body_member`` on the audit committee;
    ``contact_official`` (Leiden) and ``outsider`` sit on no body.
    """
    return dict(
        zip(
            ACTORS,
            (anonymous, outsider, other_body_member, member, contact_official, manager, secretary),
            strict=True,
        )
    )
