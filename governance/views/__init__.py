"""Views of the governance core, one module per area; wired in ``governance/urls.py``."""
