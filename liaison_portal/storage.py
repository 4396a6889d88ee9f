"""Private files (uploaded imports, produced exports, policy documents) live under PRIVATE_FILES_ROOT, outside
MEDIA_ROOT: no URL serves them; only views that check the reader's permission stream them."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """FileSystemStorage rooted at PRIVATE_FILES_ROOT, read at each use (tests point it at a temporary folder)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_FILES_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL: serve them through a view that checks permission.")


private_storage = PrivateStorage()


def private_files():
    """The storage callable for FileFields holding private files (a callable keeps settings out of migrations)."""
    return private_storage
