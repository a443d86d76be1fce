"""Streaming files in download responses without leaking handles."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO


class LazyFile:
    """A file opened only when the response is actually streamed, and closed with the
    response. A response that is never streamed (HEAD, an aborted request, a test) then
    leaves no open file handle behind."""

    def __init__(self, opener: Callable[[], IO[bytes]], name: str) -> None:
        self._opener = opener
        self._handle: IO[bytes] | None = None
        self.name = name

    @classmethod
    def stored(cls, field_file) -> LazyFile:
        """A file in a storage (a ``FieldFile``)."""
        return cls(lambda: field_file.storage.open(field_file.name, "rb"), field_file.name)

    @classmethod
    def at(cls, path: Path) -> LazyFile:
        """A file on disk."""
        return cls(lambda: open(path, "rb"), str(path))  # noqa: SIM115 - closed by close()

    def read(self, size: int = -1) -> bytes:
        if self._handle is None:
            self._handle = self._opener()
        return self._handle.read(size)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
