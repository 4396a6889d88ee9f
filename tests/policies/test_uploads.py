"""Upload checks: a document is recognised by its content, within the size limit; impostors are refused."""

import pytest
from django.core.exceptions import ValidationError

from policies.choices import PolicyFileKind
from policies.uploads import check_upload

from .conftest import EXE_BYTES, HTML_BYTES, OLE2_BYTES, PDF_BYTES, upload, zip_bytes

NOT_A_DOCUMENT = "不是平台接受的文件"


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("通知.pdf", PDF_BYTES, PolicyFileKind.PDF),
    ("细则.PDF", PDF_BYTES, PolicyFileKind.PDF),
    ("措施.docx", zip_bytes("word/document.xml"), PolicyFileKind.DOCX),
    ("名单.xlsx", zip_bytes("xl/workbook.xml"), PolicyFileKind.XLSX),
    ("公文.ofd", zip_bytes("OFD.xml", "Doc_0/Document.xml"), PolicyFileKind.OFD),
    ("旧版.doc", OLE2_BYTES, PolicyFileKind.DOC),
    ("旧表.xls", OLE2_BYTES, PolicyFileKind.XLS),
    ("说明.txt", "各企业要落实防疫主体责任。".encode(), PolicyFileKind.TXT),
])
def test_it_accepts_real_documents(name, content, kind):
    checked = check_upload(upload(name, content))
    assert checked.kind == kind
    assert checked.name == name


def test_plain_text_in_gb18030_is_stored_as_utf8():
    checked = check_upload(upload("通知.txt", "减免房租三个月".encode("gb18030")))
    assert checked.content.read().decode("utf-8") == "减免房租三个月"


@pytest.mark.parametrize(("name", "content"), [
    ("政策.pdf", HTML_BYTES),               # a web page named .pdf
    ("政策.pdf", EXE_BYTES),                # a program named .pdf
    ("政策.docx", zip_bytes("payload.exe")),  # a zip that is not a Word document
    ("政策.docx", PDF_BYTES),               # the wrong format for the name
    ("政策.xlsx", zip_bytes("word/document.xml")),
    ("政策.doc", EXE_BYTES),
    ("政策.exe", EXE_BYTES),
    ("政策.html", HTML_BYTES),
    ("政策", PDF_BYTES),                    # no extension
    ("政策.txt", HTML_BYTES),               # a web page named .txt
    ("政策.txt", EXE_BYTES),                # binary named .txt
])
def test_it_refuses_impostors_with_a_clear_message(name, content):
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(name, content))
    assert NOT_A_DOCUMENT in refused.value.message_dict["file"][0]


def test_it_refuses_a_file_over_the_limit(settings):
    settings.POLICY_UPLOAD_MAX_MB = 1
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("大文件.pdf", PDF_BYTES + b"0" * (1024 * 1024)))
    assert "超过 1 MB" in refused.value.message_dict["file"][0]
    assert check_upload(upload("刚好.pdf", PDF_BYTES + b"0" * (1024 * 1024 - len(PDF_BYTES)))).kind == "pdf"


def test_it_refuses_an_empty_file():
    with pytest.raises(ValidationError) as refused:
        check_upload(upload("空.pdf", b""))
    assert "文件是空的" in refused.value.message_dict["file"][0]
