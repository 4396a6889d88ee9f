from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import PARENT_LEVEL, DepartmentKind, PostKind, RegionLevel
from .scoping import RegionScopedModel, ScopedQuerySet

PATH_SEPARATOR = "/"


class Region(RegionScopedModel):
    """A node of the region tree: province > city > county/district > industrial park.

    `path` is the materialized path of codes ("430000/430100/430102/"), so a subtree is one indexed
    prefix lookup on every database; it is set once, when the region is created, and never changes.
    """

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=128, blank=True)
    level = models.CharField(_("level"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(_("path"), max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), editable=False, default=0)

    scope_region_paths = ("",)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["path"]

    def __str__(self):
        return self.name

    def clean(self):
        expected = PARENT_LEVEL.get(self.level)
        if expected is None and self.parent_id is not None:
            raise ValidationError({"parent": _("A province has no parent region.")})
        if expected is not None and (self.parent is None or self.parent.level != expected):
            raise ValidationError(
                {"parent": _("A %(level)s must belong to a %(parent)s.")
                 % {"level": RegionLevel(self.level).label, "parent": RegionLevel(expected).label}}
            )

    def save(self, *args, **kwargs):
        if not self.path:
            prefix = self.parent.path if self.parent_id else ""
            self.path = f"{prefix}{self.code}{PATH_SEPARATOR}"
            self.depth = self.path.count(PATH_SEPARATOR) - 1
        super().save(*args, **kwargs)

    def contains(self, other: "Region") -> bool:
        """True when `other` is this region or lies below it."""
        return other.path.startswith(self.path)

    @property
    def ancestor_codes(self) -> list[str]:
        return self.path.rstrip(PATH_SEPARATOR).split(PATH_SEPARATOR)[:-1]

    def ancestors(self) -> ScopedQuerySet:
        """The regions above this one, province first, in one query."""
        return Region.objects.filter(code__in=self.ancestor_codes).order_by("depth")

    def subtree(self) -> ScopedQuerySet:
        return Region.objects.filter(path__startswith=self.path)


class Department(RegionScopedModel):
    """A functional department of a region (city health commission, county tax bureau...)."""

    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(_("name"), max_length=128)
    kind = models.CharField(_("kind"), max_length=32, choices=DepartmentKind.choices)

    scope_region_paths = ("region",)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["region__path", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="department_unique_name_in_region")]

    def __str__(self):
        return self.name


class Post(RegionScopedModel):
    """A role a user holds: it decides what the user may see and do.

    Office and organization posts see their region's subtree; a department post sees its department's region;
    an officer post sees the officer's own records; an administrator sees everything.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="posts"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=PostKind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="posts"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT, related_name="posts"
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_region_paths = ("region",)
    scope_user_paths = ("user",)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        # NULLs never collide in a unique index, so each shape of post gets its own partial constraint.
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], condition=Q(region__isnull=True, department__isnull=True),
                name="post_unique_without_place",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "region"], condition=Q(region__isnull=False, department__isnull=True),
                name="post_unique_per_region",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "department"], condition=Q(department__isnull=False),
                name="post_unique_per_department",
            ),
        ]

    def __str__(self):
        where = self.department or self.region
        return f"{self.get_kind_display()} · {where}" if where else self.get_kind_display()

    def clean(self):
        if self.kind in (PostKind.LIAISON_OFFICE, PostKind.ORGANIZATION) and self.region_id is None:
            raise ValidationError({"region": _("An office post needs the region it serves.")})
        if self.kind == PostKind.DEPARTMENT:
            if self.department_id is None:
                raise ValidationError({"department": _("A department post needs its department.")})
            self.region = self.department.region
