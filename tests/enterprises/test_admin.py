"""The admin's roster forms are judged and saved by the roster services (the import's and the API's rules)."""

from enterprises.models import Enterprise
from officers.models import BackingUnit
from tests import factories


def enterprise_form(region, **overrides):
    data = {"kind": "enterprise", "name": "后台新增企业有限公司", "credit_code": factories.valid_credit_code("430102"),
            "region": region.pk, "industry": "other", "size_class": "small_micro"}
    return {**data, **overrides}


def test_an_administrator_adds_an_enterprise_through_the_service(admin_user, regions, client):
    client.force_login(admin_user)
    data = enterprise_form(regions.furong)
    response = client.post("/admin/enterprises/enterprise/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Enterprise.objects.get(credit_code=data["credit_code"])
    assert (created.name, created.region) == ("后台新增企业有限公司", regions.furong)
    again = client.post("/admin/enterprises/enterprise/add/", {**data, "name": "同码企业"})
    assert again.status_code == 200
    assert "该统一社会信用代码的企业已登记。" in again.content.decode()
    assert Enterprise.objects.filter(credit_code=data["credit_code"]).count() == 1


def test_an_administrator_changes_an_enterprise_and_the_change_is_checked(admin_user, roster, client):
    client.force_login(admin_user)
    enterprise = roster.furong_enterprise
    url = f"/admin/enterprises/enterprise/{enterprise.pk}/change/"
    taken = roster.tianxin_enterprise.credit_code
    refused = client.post(url, enterprise_form(enterprise.region, name=enterprise.name, credit_code=taken))
    assert refused.status_code == 200 and "该统一社会信用代码的企业已登记。" in refused.content.decode()
    assert client.post(url, enterprise_form(enterprise.region, name="后台改名", credit_code=enterprise.credit_code)
                       ).status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.name == "后台改名"


def test_a_backing_unit_renamed_in_the_admin_keeps_names_unique_in_its_region(admin_user, regions, client):
    first = factories.make_backing_unit(regions.furong, "芙蓉区财政局")
    second = factories.make_backing_unit(regions.furong, "芙蓉区税务局")
    client.force_login(admin_user)
    url = f"/admin/officers/backingunit/{second.pk}/change/"
    refused = client.post(url, {"region": regions.furong.pk, "name": first.name})
    assert refused.status_code == 200 and "已有名为“芙蓉区财政局”的派出单位" in refused.content.decode()
    assert client.post(url, {"region": regions.furong.pk, "name": "芙蓉区统计局"}).status_code == 302
    assert BackingUnit.objects.get(pk=second.pk).name == "芙蓉区统计局"
