"""The officer care forms (several on one page, each with its prefix): the one rejected is summarised on top of it,
linking to its own fields, and nothing is saved."""

from officers.models import RestPeriod
from tests.form_summary import error_summary


def test_a_rejected_rest_period_is_summarised_with_links_to_its_prefixed_fields(roster, furong_office, client):
    client.force_login(furong_office)
    response = client.post(f"/care/officers/{roster.officer.pk}/", {"form": "rest", "rest-kind": "rest",
                                                                    "rest-start_date": "", "rest-end_date": "下周"})
    body = response.content.decode()
    summary = error_summary(body)
    assert summary.links == ["id_rest-start_date", "id_rest-end_date"]
    assert body.count('id="form-errors"') == 1  # the other care forms were not sent, so they say nothing
    assert not RestPeriod.objects.exists()
