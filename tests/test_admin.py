"""The admin: scoped like every page, read-only for office staff, and assignments never edited or deleted there."""

from enterprises.models import Enterprise
from tests import factories


def test_office_staff_read_the_admin_but_cannot_change(furong_office, roster, client):
    client.force_login(furong_office)
    url = f"/admin/enterprises/enterprise/{roster.furong_enterprise.pk}/change/"
    response = client.get(url)
    assert response.status_code == 200
    response = client.post(url, {"name": "改名"})
    assert response.status_code == 403
    roster.furong_enterprise.refresh_from_db()
    assert roster.furong_enterprise.name != "改名"


def test_admin_related_choices_are_scoped(furong_office, roster, regions, rf):
    from django.contrib import admin

    from regions.models import Post

    request = rf.get("/admin/")
    request.user = furong_office
    model_admin = admin.site._registry[Post]
    field = model_admin.formfield_for_foreignkey(Post._meta.get_field("region"), request)
    names = {region.name for region in field.queryset}
    assert names == {"芙蓉区"}


def test_administrator_edits_with_model_validation(admin_user, roster, client):
    client.force_login(admin_user)
    enterprise = roster.furong_enterprise
    url = f"/admin/enterprises/enterprise/{enterprise.pk}/change/"
    data = {"kind": "enterprise", "name": enterprise.name, "credit_code": factories.wrong_check_char_code(),
            "region": enterprise.region_id, "industry": "other", "size_class": "small_micro"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "校验位错误" in response.content.decode()
    assert Enterprise.objects.get(pk=enterprise.pk).credit_code == enterprise.credit_code


def test_assignments_cannot_be_added_changed_or_deleted_in_the_admin(admin_user, roster, client):
    client.force_login(admin_user)
    assert client.get("/admin/officers/assignment/add/").status_code == 403
    pk = roster.furong_assignment.pk
    assert client.post(f"/admin/officers/assignment/{pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get(f"/admin/officers/assignment/{pk}/change/").status_code == 200  # view only
