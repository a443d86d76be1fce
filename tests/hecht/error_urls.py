"""The site's URLs plus views that fail, for tests/hecht/test_error_pages.py."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from hecht.urls import urlpatterns as site_urlpatterns


def _boom(request):
    raise RuntimeError("boom")


def _forbidden(request):
    raise PermissionDenied


urlpatterns = [
    *site_urlpatterns,
    path("test-fout/", _boom),
    path("test-verboden/", _forbidden),
]
