"""Demo data: one login per role, each with its post granted through the service, and the table of them that
seed_demo prints. The demo officer's login is made with the roster (demo/roster.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password

from demo.run import DemoRun
from regions.choices import PostKind
from regions.models import Department
from regions.services import post_grant


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    where: str
    full_name: str
    post_kind: str | None = None
    region: str | None = None
    department: str | None = None
    is_staff: bool = False
    is_superuser: bool = False


LOGINS = (
    DemoLogin("admin", "administrator (superuser)", "全省", "系统管理员", PostKind.ADMINISTRATOR, is_staff=True,
              is_superuser=True),
    DemoLogin("province", "province liaison office", "湖南省", "省驻企办 刘洋", PostKind.LIAISON_OFFICE, "430000",
              is_staff=True),
    DemoLogin("changsha", "city liaison office", "长沙市", "长沙市驻企办 张敏", PostKind.LIAISON_OFFICE, "430100",
              is_staff=True),
    DemoLogin("furong", "county liaison office", "芙蓉区", "芙蓉区驻企办 王磊", PostKind.LIAISON_OFFICE, "430102",
              is_staff=True),
    DemoLogin("tianxin", "county liaison office (sibling)", "天心区", "天心区驻企办 赵静", PostKind.LIAISON_OFFICE,
              "430103", is_staff=True),
    DemoLogin("orgdept", "organization department", "长沙市", "长沙市委组织部 孙芳", PostKind.ORGANIZATION, "430100"),
    DemoLogin("dept", "functional department", "芙蓉区税务局", "芙蓉区税务局 吴强", PostKind.DEPARTMENT, "430102",
              department="芙蓉区税务局"),
)
DEMO_OFFICER = DemoLogin("officer", "liaison officer", "芙蓉区教育局", "李卫东", PostKind.OFFICER, "430102")
DEMO_OFFICER_UNIT = "芙蓉区教育局"
DEMO_OFFICER_PHONE = "13874801234"


def _demo_password_hash(password: str) -> str:
    """Hash the demo password once per run (PBKDF2 costs ~0.3 s): reuse the admin's hash when it still matches."""
    current = get_user_model().objects.filter(username="admin").values_list("password", flat=True).first()
    if current and check_password(password, current):
        return current
    return make_password(password)


def _login_user(run: DemoRun, login: DemoLogin):
    user_model = get_user_model()
    user = user_model.objects.filter(username=login.username).first() or user_model(username=login.username)
    user.full_name = user.full_name or login.full_name
    user.is_staff = user.is_staff or login.is_staff
    user.is_superuser = user.is_superuser or login.is_superuser
    user.password = run.password_hash
    user.full_clean(exclude=["password"])
    user.save()
    return user


def step_logins(run: DemoRun) -> None:
    """One login per role, each with its post granted through the service."""
    run.password_hash = _demo_password_hash(run.password)
    for login in LOGINS:
        user = _login_user(run, login)
        region = run.regions[login.region] if login.region else None
        department = None
        if login.department:
            department = Department.objects.get(region=region, name=login.department)
            region = None
        post_grant(user=user, kind=login.post_kind, region=region, department=department)
        if login.username == "admin":
            run.admin = user
        run.logins.append((login.username, login.role, login.where))


def login_table(run: DemoRun) -> list[str]:
    """The demo logins as aligned lines of text, ready to print."""
    header = ("username", "password", "role", "where")
    rows = [(username, run.password, role, where) for username, role, where in run.logins]
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(3)]

    def line(row):
        return "  ".join(cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)) + "  " + row[3]

    return [line(header), line(["-" * w for w in widths] + ["-" * 24]), *(line(row) for row in rows)]
