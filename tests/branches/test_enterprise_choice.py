"""A new branch's enterprises: checkboxes that post without a script, or, for an office that sees too many to list
(a city's thousands, the province's 24,000), typed names or credit codes, each one not found named back."""

import pytest

from branches import forms as branch_forms
from branches.models import Branch
from tests import factories
from tests.form_summary import error_summary


def test_the_enterprises_are_checkboxes_that_post_without_a_script(regions, roster, furong_office, client):
    department = factories.make_department(regions.furong, "芙蓉区商务局", kind="commerce")
    client.force_login(furong_office)
    body = client.get("/branches/new/").content.decode()
    assert "<select name=\"enterprises\"" not in body and 'multiple' not in body.split('id="id_enterprises"')[1][:200]
    assert f'type="checkbox" name="enterprises" value="{roster.furong_enterprise.pk}"' in body
    assert 'data-checklist' in body and "js/checklist.js" in body
    assert roster.tianxin_enterprise.name not in body  # the sibling county's enterprises are not offered
    response = client.post("/branches/new/", {"name": "芙蓉区商务局联合党支部", "region": regions.furong.pk,
                                              "department": department.pk,
                                              "enterprises": [roster.furong_enterprise.pk,
                                                              roster.furong_enterprise_2.pk]})
    assert response.status_code == 302
    assert set(Branch.objects.get().enterprises.all()) == {roster.furong_enterprise, roster.furong_enterprise_2}


@pytest.fixture
def long_lists(monkeypatch):
    """An office that sees more enterprises than a page lists (the province's 24,000): here, more than one."""
    monkeypatch.setattr(branch_forms, "ENTERPRISE_CHECKLIST_LIMIT", 1)


def test_an_office_with_too_many_enterprises_types_them(long_lists, regions, roster, furong_office, client):
    department = factories.make_department(regions.furong, "芙蓉区商务局", kind="commerce")
    client.force_login(furong_office)
    body = client.get("/branches/new/").content.decode()
    assert '<textarea name="enterprises"' in body and 'type="checkbox" name="enterprises"' not in body
    assert roster.furong_enterprise.name not in body  # no list of thousands on the page
    typed = f"{roster.furong_enterprise.name}\n  {roster.furong_enterprise_2.credit_code.lower()}  \n\n"
    response = client.post("/branches/new/", {"name": "芙蓉区商务局联合党支部", "region": regions.furong.pk,
                                              "department": department.pk, "enterprises": typed})
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert set(Branch.objects.get().enterprises.all()) == {roster.furong_enterprise, roster.furong_enterprise_2}


def test_a_typed_enterprise_nobody_can_find_is_named_back(long_lists, regions, roster, furong_office,
                                                          in_english):
    client = in_english
    department = factories.make_department(regions.furong, "芙蓉区商务局", kind="commerce")
    client.force_login(furong_office)
    typed = f"{roster.furong_enterprise.name}\n不存在的企业\n{roster.tianxin_enterprise.name}"
    response = client.post("/branches/new/", {"name": "芙蓉区商务局联合党支部", "region": regions.furong.pk,
                                              "department": department.pk, "enterprises": typed})
    body = response.content.decode()
    summary = error_summary(body)
    assert summary.links == ["id_enterprises"]
    assert "“不存在的企业”" in summary.entries[0]
    assert f"“{roster.tianxin_enterprise.name}”" in summary.entries[0]  # outside the office's scope: not found
    assert typed.split("\n")[1] in body  # what was typed is kept for the correction
    assert not Branch.objects.exists()


def test_a_name_two_enterprises_share_asks_for_the_code(long_lists, regions, roster, furong_office, in_english):
    client = in_english
    department = factories.make_department(regions.furong, "芙蓉区商务局", kind="commerce")
    factories.make_enterprise(regions.furong, roster.furong_enterprise.name)
    client.force_login(furong_office)
    response = client.post("/branches/new/", {"name": "芙蓉区商务局联合党支部", "region": regions.furong.pk,
                                              "department": department.pk,
                                              "enterprises": roster.furong_enterprise.name})
    summary = error_summary(response.content.decode())
    assert "give its credit code instead" in summary.entries[0]
    assert not Branch.objects.exists()
