from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regions.models import Region
from regions.scoping import RegionScopedModel

from .choices import EnterpriseKind, Industry, SizeClass
from .validators import validate_credit_code


class Enterprise(RegionScopedModel):
    """An enterprise or key project that liaison officers are stationed in."""

    kind = models.CharField(_("kind"), max_length=16, choices=EnterpriseKind.choices, default=EnterpriseKind.ENTERPRISE)
    name = models.CharField(_("name"), max_length=128)
    # A key project is not always a legal person of its own, so the code is optional there (null keeps it unique).
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_credit_code],
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="enterprises")
    industry = models.CharField(_("industry"), max_length=32, choices=Industry.choices, default=Industry.OTHER)
    size_class = models.CharField(
        _("size class"), max_length=32, choices=SizeClass.choices, default=SizeClass.SMALL_MICRO
    )
    is_key = models.BooleanField(_("key enterprise"), default=False)
    address = models.CharField(_("address"), max_length=255, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=64, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # The commanding office sees it through its region; the managing office through the officers it sent.
    scope_region_paths = ("region", "assignments__managing_region")
    scope_user_paths = ("assignments__officer__user",)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["region", "name"], name="enterprise_region_name")]
        constraints = [
            # Without a credit code, a key project is known by its name within its region.
            models.UniqueConstraint(
                fields=["region", "name"], condition=Q(credit_code__isnull=True), name="project_unique_name_in_region"
            ),
        ]

    def __str__(self):
        return self.name
