"""Publishing rules: the office's own regions, a file or text, sources in scope, withdraw and restore."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from policies.models import PolicyDocument
from policies.services import policy_publish, policy_restore, policy_update, policy_withdraw

from .conftest import HTML_BYTES, PDF_BYTES, publish, stored_files, upload

FIELDS = {"issuing_body": "芙蓉区人民政府", "issued_on": date(2020, 2, 12), "category": "tax_fees"}


def test_an_office_publishes_for_its_region_with_a_file(regions, furong_office, private_files):
    document = policy_publish(actor=furong_office, title="芙蓉区减免中小企业房租的通知", region=regions.furong,
                              file=upload("房租减免.pdf", PDF_BYTES), **FIELDS)
    assert document.file_kind == "pdf" and document.file_name == "房租减免.pdf"
    assert document.file_size == len(PDF_BYTES) and document.published_by == furong_office
    (stored,) = stored_files(private_files)
    assert stored.read_bytes() == PDF_BYTES and "房租" not in str(stored)  # a random name, not the reader's


def test_it_refuses_a_region_outside_the_office(regions, tianxin_office, officer_user):
    for actor in (tianxin_office, officer_user):
        with pytest.raises(ValidationError) as refused:
            policy_publish(actor=actor, title="越权发布", region=regions.furong, body="正文", **FIELDS)
        assert "region" in refused.value.message_dict
    assert not PolicyDocument.objects.exists()


def test_it_needs_a_file_or_text(regions, furong_office):
    with pytest.raises(ValidationError) as refused:
        policy_publish(actor=furong_office, title="空文件", region=regions.furong, body="  ", **FIELDS)
    assert "上传文件或填写正文" in refused.value.message_dict["body"][0]


def test_a_refused_file_leaves_nothing_behind(regions, furong_office, private_files):
    with pytest.raises(ValidationError):
        policy_publish(actor=furong_office, title="伪装的PDF", region=regions.furong,
                       file=upload("通知.pdf", HTML_BYTES), **FIELDS)
    assert not PolicyDocument.objects.exists()
    assert stored_files(private_files) == []


def test_a_handbook_compiles_documents_the_publisher_reads(regions, furong_office, library):
    handbook = policy_publish(actor=furong_office, title="芙蓉区援企稳岗政策汇编", region=regions.furong,
                              body="汇编说明", sources=[library.province, library.furong], **FIELDS)
    assert set(handbook.sources.all()) == {library.province, library.furong}
    with pytest.raises(ValidationError) as refused:
        policy_publish(actor=furong_office, title="越权汇编", region=regions.furong, body="汇编说明",
                       sources=[library.tianxin], **FIELDS)
    assert "sources" in refused.value.message_dict


def test_replacing_the_file_deletes_the_old_one_after_commit(regions, furong_office, library, private_files,
                                                             django_capture_on_commit_callbacks):
    old = stored_files(private_files)
    with django_capture_on_commit_callbacks(execute=True):
        policy_update(actor=furong_office, document=library.furong, file=upload("新版.pdf", PDF_BYTES + b"%new"),
                      title="芙蓉区企业社保费减免实施细则（修订）")
    library.furong.refresh_from_db()
    assert library.furong.file_name == "新版.pdf"
    assert stored_files(private_files) != old and len(stored_files(private_files)) == 1


def test_removing_the_file_of_a_document_without_text_is_refused(regions, furong_office):
    document = publish(regions.furong, "只有文件", body="", file=upload("a.pdf", PDF_BYTES))
    with pytest.raises(ValidationError):
        policy_update(actor=furong_office, document=document, remove_file=True)
    document.refresh_from_db()
    assert document.file


def test_withdraw_and_restore(library, furong_office, tianxin_office):
    with pytest.raises(ValidationError):
        policy_withdraw(actor=tianxin_office, document=library.furong)
    policy_withdraw(actor=furong_office, document=library.furong)
    assert PolicyDocument.objects.get(pk=library.furong.pk).withdrawn
    with pytest.raises(ValidationError) as twice:
        policy_withdraw(actor=furong_office, document=library.furong)
    assert "已撤回" in twice.value.messages[0]
    policy_restore(actor=furong_office, document=library.furong)
    assert not PolicyDocument.objects.get(pk=library.furong.pk).withdrawn
