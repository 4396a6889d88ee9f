from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from enterprises.models import Enterprise
from officers.models import Officer
from problems.models import Problem
from regions.models import Department, Region
from regions.scoping import RegionScopedModel

from .choices import DemandStatus, MemberRole

TEXT_LIMIT = 2000


class Branch(RegionScopedModel):
    """A joint Party branch (联合党支部): a department's Party organisation paired with one or more enterprises'.

    The organising office (county, city or park) sees it through `region`; the office where a covered enterprise
    lies sees it too; the paired department sees its own branches; members see the branches they belong to.
    """

    name = models.CharField(_("name"), max_length=128)
    region = models.ForeignKey(
        Region, verbose_name=_("organising office"), on_delete=models.PROTECT, related_name="party_branches"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="party_branches"
    )
    enterprises = models.ManyToManyField(
        Enterprise, verbose_name=_("enterprises"), through="BranchEnterprise", related_name="party_branches"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_region_paths = ("region", "enterprises__region")
    scope_department_paths = ("department",)
    scope_user_paths = ("members__user",)

    class Meta:
        verbose_name = _("joint Party branch")
        verbose_name_plural = _("joint Party branches")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="branch_unique_name_in_region")]

    def __str__(self):
        return self.name


class BranchEnterprise(RegionScopedModel):
    """An enterprise a branch covers (one branch may cover several enterprises of its department's area)."""

    branch = models.ForeignKey(Branch, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="coverage")
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="branch_coverage"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_region_paths = ("branch__region", "enterprise__region")
    scope_department_paths = ("branch__department",)

    class Meta:
        verbose_name = _("covered enterprise")
        verbose_name_plural = _("covered enterprises")
        ordering = ["branch", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "enterprise"], name="branch_enterprise_unique"),
        ]

    def __str__(self):
        return f"{self.branch} · {self.enterprise}"


class BranchMember(RegionScopedModel):
    """A person in a branch with one role; the secretary (the department head) is a member with that role.

    `user` is the login that logs visits; `officer` is set when the member is a stationed liaison officer.
    A person appears once per branch (by login, by officer, or by name and phone); leaving sets `left_on`.
    """

    branch = models.ForeignKey(Branch, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="members")
    role = models.CharField(_("role"), max_length=32, choices=MemberRole.choices)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=64)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="branch_memberships",
    )
    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="branch_memberships",
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_region_paths = ("branch__region", "branch__enterprises__region")
    scope_department_paths = ("branch__department",)
    scope_user_paths = ("branch__members__user",)

    class Meta:
        verbose_name = _("branch member")
        verbose_name_plural = _("branch members")
        ordering = ["branch", "role", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "user"], condition=Q(user__isnull=False), name="branch_member_unique_user"
            ),
            models.UniqueConstraint(
                fields=["branch", "officer"], condition=Q(officer__isnull=False), name="branch_member_unique_officer"
            ),
            models.UniqueConstraint(fields=["branch", "name", "phone"], name="branch_member_unique_person"),
            models.UniqueConstraint(
                fields=["branch"], condition=Q(role=MemberRole.SECRETARY, left_on__isnull=True),
                name="branch_one_sitting_secretary",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="branch_member_leaves_after_joining",
            ),
        ]
        indexes = [models.Index(fields=["user", "left_on"], name="branch_member_user_left")]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"

    def clean(self):
        if self.left_on is not None and self.joined_on is not None and self.left_on < self.joined_on:
            raise ValidationError({"left_on": _("A member cannot leave before joining.")})
        if self.role == MemberRole.LIAISON_OFFICER and self.officer_id is None:
            raise ValidationError({"officer": _("A liaison officer member needs the officer record.")})

    def is_member_on(self, day) -> bool:
        return self.joined_on <= day and (self.left_on is None or self.left_on >= day)


class BranchResource(RegionScopedModel):
    """An item of the department resource list (部门资源清单): what the department's side can offer."""

    branch = models.ForeignKey(Branch, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=128)
    description = models.TextField(pgettext_lazy("party branch", "description"), blank=True,
                                   validators=[MaxLengthValidator(TEXT_LIMIT)])
    provider = models.CharField(_("provided by"), max_length=128, blank=True)
    contact = models.CharField(_("contact"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_region_paths = ("branch__region", "branch__enterprises__region")
    scope_department_paths = ("branch__department",)
    scope_user_paths = ("branch__members__user",)

    class Meta:
        verbose_name = _("department resource")
        verbose_name_plural = _("department resources")
        ordering = ["branch", "-created_at", "-id"]

    def __str__(self):
        return self.title


class BranchDemand(RegionScopedModel):
    """An item of the enterprise demand list (企业需求清单): matched to a resource, or put in the problem ledger.

    A demand that becomes a problem keeps the link, so the ledger stays the one place where problems are worked.
    """

    branch = models.ForeignKey(Branch, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="demands")
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="branch_demands"
    )
    title = models.CharField(pgettext_lazy("heading", "title"), max_length=128)
    description = models.TextField(pgettext_lazy("party branch", "description"), blank=True,
                                   validators=[MaxLengthValidator(TEXT_LIMIT)])
    status = models.CharField(_("status"), max_length=16, choices=DemandStatus.choices, default=DemandStatus.OPEN)
    resource = models.ForeignKey(
        BranchResource, verbose_name=_("matched resource"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="demands",
    )
    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="branch_demands",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    scope_region_paths = ("branch__region", "enterprise__region")
    scope_department_paths = ("branch__department",)
    scope_user_paths = ("branch__members__user",)

    class Meta:
        verbose_name = _("enterprise demand")
        verbose_name_plural = _("enterprise demands")
        ordering = ["branch", "-created_at", "-id"]
        indexes = [models.Index(fields=["branch", "status"], name="branch_demand_status")]

    def __str__(self):
        return self.title


class BranchVisit(RegionScopedModel):
    """A member's visit to one of the branch's enterprises; visits count toward the member's weekly quota."""

    branch = models.ForeignKey(Branch, verbose_name=_("branch"), on_delete=models.CASCADE, related_name="visits")
    member = models.ForeignKey(
        BranchMember, verbose_name=_("member"), on_delete=models.PROTECT, related_name="visits"
    )
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="branch_visits"
    )
    visited_on = models.DateField(_("visited on"))
    checked = models.TextField(_("what was checked"), validators=[MaxLengthValidator(TEXT_LIMIT)])
    issues_found = models.TextField(_("issues found"), blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)])
    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="branch_visits",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("logged by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    scope_region_paths = ("branch__region", "enterprise__region")
    scope_department_paths = ("branch__department",)
    scope_user_paths = ("branch__members__user",)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "-id"]
        indexes = [
            models.Index(fields=["member", "visited_on"], name="branch_visit_member_day"),
            models.Index(fields=["branch", "visited_on"], name="branch_visit_branch_day"),
            models.Index(fields=["visited_on", "enterprise"], name="branch_visit_day_enterprise"),
        ]

    def __str__(self):
        return f"{self.member.name} @ {self.enterprise} {self.visited_on:%Y-%m-%d}"
