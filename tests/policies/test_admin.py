"""The library in the admin: scoped like the pages, read-only for office staff, the file only behind the scoped view."""


def test_office_staff_read_their_documents_in_the_admin(library, furong_office, client):
    client.force_login(furong_office)
    body = client.get("/admin/policies/policydocument/").content.decode()
    assert library.furong.title in body and library.province.title in body and library.tianxin.title not in body
    page = client.get(f"/admin/policies/policydocument/{library.furong.pk}/change/").content.decode()
    assert f'href="/policies/{library.furong.pk}/file/"' in page  # the scoped download view, no storage URL
    assert 'type="file"' not in page
    assert client.get(f"/admin/policies/policydocument/{library.tianxin.pk}/change/").status_code == 404


def test_handbook_sources_offered_in_the_admin_are_scoped(library, furong_office, rf):
    from django.contrib import admin

    from policies.models import PolicyDocument

    request = rf.get("/admin/")
    request.user = furong_office
    model_admin = admin.site._registry[PolicyDocument]
    field = model_admin.formfield_for_manytomany(PolicyDocument._meta.get_field("sources"), request)
    assert library.tianxin not in field.queryset and library.furong in field.queryset
