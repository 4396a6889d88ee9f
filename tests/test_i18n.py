"""Every interface string has its Simplified Chinese wording, the committed .mo matches the .po, and a word with two
meanings is told apart by its context (an officer's title is a post, 职务; a demand's title is a heading, 标题)."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from branches.services import branch_create
from tests import factories

CATALOGUES = sorted((Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES").glob("*.po"))


def _label(body: str, field: str) -> str:
    return re.search(rf'<label[^>]*for="id_{field}"[^>]*>(.*?)</label>', body).group(1)


def test_the_django_catalogue_is_there():
    assert [po.name for po in CATALOGUES if po.name == "django.po"]


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.name)
def test_every_string_is_translated(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [(entry.msgctxt, entry.msgid) for entry in po.untranslated_entries()]
    fuzzy = [(entry.msgctxt, entry.msgid) for entry in po.fuzzy_entries()]
    assert not untranslated, f"write the Chinese wording of these in {po_path.name}: {untranslated}"
    assert not fuzzy, f"check these and remove their fuzzy flag in {po_path.name}: {fuzzy}"


def _messages(entries) -> set[tuple]:
    return {(entry.msgctxt, entry.msgid, entry.msgstr, tuple(sorted(entry.msgstr_plural.items())))
            for entry in entries}


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.name)
def test_compiled_catalogue_matches_the_sources(po_path):
    po = polib.pofile(str(po_path))
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    in_po, in_mo = _messages(po.translated_entries()), _messages(mo)
    assert in_po == in_mo, (
        f"{po_path.with_suffix('.mo').name} is stale; run `make messages`: "
        f"not compiled {sorted(in_po - in_mo, key=str)[:5]}, no longer in the .po {sorted(in_mo - in_po, key=str)[:5]}"
    )
    assert mo.metadata.get("Plural-Forms") == po.metadata.get("Plural-Forms") == "nplurals=1; plural=0;"


def test_an_officers_title_is_their_post_on_the_pages_an_office_sees(roster, furong_office, admin_user, client):
    roster.officer.title = "副科长"
    roster.officer.save()
    client.force_login(furong_office)
    body = client.get(f"/roster/officers/{roster.officer.pk}/").content.decode()
    assert "<dt>职务</dt><dd>副科长</dd>" in body
    assert "标题" not in body

    client.force_login(admin_user)
    body = client.get(f"/admin/officers/officer/{roster.officer.pk}/change/").content.decode()
    assert _label(body, "title") == "职务:"
    assert _label(body, "name") == "姓名:"


def test_a_heading_title_stays_a_heading(regions, roster, furong_office, client):
    department = factories.make_department(regions.furong, "芙蓉区工业和信息化局", kind="industry")
    branch = branch_create(actor=furong_office, name="芙蓉区工信局联合党支部", region=regions.furong,
                           department=department, enterprises=[roster.furong_enterprise])
    client.force_login(furong_office)
    for page in ("demands/add/", "resources/add/"):
        body = client.get(f"/branches/{branch.pk}/{page}").content.decode()
        assert _label(body, "title") == "标题", page
        assert _label(body, "description") == "说明", page
        assert "职务" not in body, page
