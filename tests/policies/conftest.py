"""The policy library's cast: documents published for the province, 长沙市, 芙蓉区 and the sibling 天心区, and the
file bytes an upload test needs (real formats and impostors).

`library.furong` is the owner county's document (with a PDF file), `library.tianxin` the outsider's; the officer of
the shared `roster` is stationed in 芙蓉区, so they read the province, city and 芙蓉区 documents only.
"""

import io
import zipfile
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from policies.services import policy_publish
from tests import factories

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"This program cannot be run"
OLE2_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def zip_bytes(*members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for member in members:
            archive.writestr(member, "<xml/>")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    """Uploaded files go to a temporary private folder; tests look into it to prove nothing was written."""
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    return settings.PRIVATE_FILES_ROOT


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@dataclass
class Library:
    province: object
    changsha: object
    furong: object
    tianxin: object
    zhuzhou: object


def publish(region, title: str, **fields):
    values = {"issuing_body": f"{region.name}人民政府办公室", "issued_on": date(2020, 2, 10),
              "category": "resumption", "body": f"{title}。各有关单位要认真贯彻落实。", **fields}
    return policy_publish(actor=factories.system_actor(), title=title, region=region, **values)


@pytest.fixture
def library(regions, roster) -> Library:
    return Library(
        province=publish(regions.province, "湖南省关于支持企业复工复产的若干政策措施", category="resumption",
                         keywords="复工复产, 稳岗补贴", summary="全省统一的支持措施。"),
        changsha=publish(regions.changsha, "长沙市中小企业纾困解难十条措施", category="finance_credit",
                         keywords="贷款贴息, 担保"),
        furong=publish(regions.furong, "芙蓉区企业社保费减免实施细则", category="employment",
                       keywords="社保减免, 阶段性减免", file=upload("芙蓉区社保细则.pdf", PDF_BYTES)),
        tianxin=publish(regions.tianxin, "天心区防疫物资保障工作方案", category="epidemic", keywords="口罩, 消毒液"),
        zhuzhou=publish(regions.zhuzhou, "株洲市电价优惠政策", category="land_energy"),
    )
