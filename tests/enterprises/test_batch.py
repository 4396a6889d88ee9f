"""enterprises_upsert: many rows, each checked by enterprise_create/enterprise_update's rules, written set-based."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises.models import Enterprise
from enterprises.services import EnterpriseRow, enterprise_create, enterprises_upsert
from tests import factories


def rows(region, count: int, start: int = 900_000) -> list[EnterpriseRow]:
    return [EnterpriseRow(region=region, name=f"批量企业{start + n}有限公司",
                          credit_code=factories.valid_credit_code("430102", serial=start + n),
                          values={"industry": "food"}) for n in range(count)]


def test_a_batch_registers_every_row_and_a_second_run_changes_nothing(furong_office, regions):
    result = enterprises_upsert(actor=furong_office, rows=rows(regions.furong, 5))
    assert result.ok and result.written
    assert result.counts == {"new": 5, "changed": 0, "unchanged": 0}
    assert result.region_ids == {regions.furong.pk}
    assert Enterprise.objects.filter(industry="food").count() == 5
    again = enterprises_upsert(actor=furong_office, rows=rows(regions.furong, 5))
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 5}
    assert again.region_ids == set()


def test_a_dry_run_checks_and_writes_nothing(furong_office, regions):
    result = enterprises_upsert(actor=furong_office, rows=rows(regions.furong, 3), dry_run=True)
    assert result.ok and not result.written and result.counts["new"] == 3
    assert not Enterprise.objects.exists()


def test_every_bad_row_is_named_and_nothing_is_written(furong_office, regions):
    batch = rows(regions.furong, 4)
    batch[1].credit_code = factories.wrong_check_char_code()
    batch[2].region = regions.tianxin
    batch[3].credit_code = batch[0].credit_code
    result = enterprises_upsert(actor=furong_office, rows=batch)
    assert [(e.row, e.field) for e in result.errors] == [(2, "credit_code"), (3, "region"), (4, "credit_code")]
    assert "校验位错误" in result.errors[0].message
    assert "第 1 行" in result.errors[2].message
    assert not result.written and not Enterprise.objects.exists()


def test_the_batch_and_the_one_row_create_give_the_same_reason(furong_office, regions):
    code = factories.wrong_check_char_code()
    with pytest.raises(ValidationError) as error:
        enterprise_create(actor=furong_office, region=regions.furong, name="坏代码公司", credit_code=code)
    result = enterprises_upsert(actor=furong_office, rows=[EnterpriseRow(region=regions.furong, name="坏代码公司",
                                                                         credit_code=code)])
    assert error.value.message_dict["credit_code"] == [result.errors[0].message]


def test_a_changed_row_is_updated_and_an_enterprise_outside_reach_is_refused(furong_office, roster, regions):
    mine = EnterpriseRow(region=regions.furong, name="改名企业有限公司",
                         credit_code=roster.furong_enterprise.credit_code)
    theirs = EnterpriseRow(region=regions.furong, name="抢来的企业", credit_code=roster.tianxin_enterprise.credit_code)
    refused = enterprises_upsert(actor=furong_office, rows=[mine, theirs])
    assert [(e.row, e.field) for e in refused.errors] == [(2, "credit_code")]
    result = enterprises_upsert(actor=furong_office, rows=[mine])
    assert result.counts == {"new": 0, "changed": 1, "unchanged": 0}
    roster.furong_enterprise.refresh_from_db()
    assert roster.furong_enterprise.name == "改名企业有限公司"


def test_key_projects_without_a_code_are_found_by_region_and_name(furong_office, regions):
    project = EnterpriseRow(region=regions.furong, name="芙蓉大道改造工程", values={"kind": "project"})
    assert enterprises_upsert(actor=furong_office, rows=[project]).counts["new"] == 1
    again = EnterpriseRow(region=regions.furong, name="芙蓉大道改造工程", values={"kind": "project"})
    assert enterprises_upsert(actor=furong_office, rows=[again]).counts["unchanged"] == 1
    twice = [EnterpriseRow(region=regions.furong, name="新工程"), EnterpriseRow(region=regions.furong, name="新工程")]
    assert [(e.row, e.field) for e in enterprises_upsert(actor=furong_office, rows=twice).errors] == [(2, "name")]


@pytest.mark.parametrize("count", [10, 100])
def test_the_batch_costs_the_same_queries_for_any_number_of_rows(count, admin_user, regions):
    with CaptureQueriesContext(connection) as queries:
        result = enterprises_upsert(actor=admin_user, rows=rows(regions.furong, count))
    assert result.counts["new"] == count
    assert len(queries) <= 8, [q["sql"] for q in queries]
