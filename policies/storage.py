"""Policy files live in the private folder (PRIVATE_FILES_ROOT), outside MEDIA_ROOT: no URL serves them except
the library's download view, which checks the reader's scope first."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PolicyFileStorage(FileSystemStorage):
    """FileSystemStorage under PRIVATE_FILES_ROOT, read at each use (tests point it at a temporary folder)."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_FILES_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Policy files have no URL: they are served by policies.views.policy_file_download.")


policy_file_storage = PolicyFileStorage()


def policy_files():
    """The FileField's storage callable (a callable keeps settings out of migrations)."""
    return policy_file_storage
