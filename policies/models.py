import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison_portal.storage import private_files
from regions.models import Region
from regions.scoping import RegionScopedModel

from .choices import PolicyCategory, PolicyFileKind

TITLE_LIMIT = 200
SUMMARY_LIMIT = 2000
# About a hundred pages of Chinese text; a longer compilation belongs in an attached file.
BODY_LIMIT = 200_000


def policy_file_path(document: "PolicyDocument", filename: str) -> str:
    """A random name under the year: the reader's file name is kept in `file_name`, never in the path."""
    return f"policies/{timezone.localdate():%Y}/{uuid.uuid4().hex}.{document.file_kind or 'bin'}"


class PolicyDocument(RegionScopedModel):
    """A policy document or compiled handbook (汇编) published by a liaison office for its region.

    Published downward: every office and officer at or below the region reads it, and the offices above see it too.
    """

    title = models.CharField(_("document title"), max_length=TITLE_LIMIT)
    issuing_body = models.CharField(_("issuing body"), max_length=128)
    issued_on = models.DateField(_("issued on"))
    category = models.CharField(_("category"), max_length=32, choices=PolicyCategory.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("published for"), on_delete=models.PROTECT, related_name="policy_documents"
    )
    summary = models.TextField(_("summary"), max_length=SUMMARY_LIMIT, blank=True)
    keywords = models.CharField(_("keywords"), max_length=255, blank=True)
    body = models.TextField(_("text"), max_length=BODY_LIMIT, blank=True)
    file = models.FileField(_("file"), upload_to=policy_file_path, storage=private_files, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_kind = models.CharField(_("file type"), max_length=8, choices=PolicyFileKind.choices, blank=True)
    file_size = models.PositiveIntegerField(_("file size"), default=0)
    sources = models.ManyToManyField(
        "self", verbose_name=_("compiled from"), symmetrical=False, blank=True, related_name="compiled_in"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    scope_region_paths = ("region",)
    scope_published_downward = True

    class Meta:
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(body=""), name="policy_has_file_or_text"),
        ]
        indexes = [models.Index(fields=["withdrawn", "-issued_on"], name="policy_withdrawn_issued")]

    def __str__(self):
        return self.title

    def clean(self):
        if not self.file and not self.body.strip():
            raise ValidationError({"body": _("Attach the document's file or enter its text (or both).")})

    @property
    def is_handbook(self) -> bool:
        return self.category == PolicyCategory.HANDBOOK

    @property
    def keyword_list(self) -> list[str]:
        words = self.keywords.replace("，", ",").replace("、", ",").replace(";", ",").split(",")
        return [word.strip() for word in words if word.strip()]
