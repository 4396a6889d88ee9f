import pytest
from django.core.exceptions import ValidationError

from enterprises.models import Enterprise
from enterprises.services import enterprise_create, enterprise_update
from tests import factories


def test_office_registers_an_enterprise_in_its_county(furong_office, regions):
    enterprise = enterprise_create(actor=furong_office, region=regions.furong, name=" 长沙新材料有限公司 ",
                                   credit_code=factories.valid_credit_code("430102").lower())
    assert enterprise.name == "长沙新材料有限公司"
    assert enterprise.credit_code == enterprise.credit_code.upper()


def test_invalid_credit_code_is_refused_and_nothing_saved(furong_office, regions):
    with pytest.raises(ValidationError) as error:
        enterprise_create(actor=furong_office, region=regions.furong, name="坏代码公司",
                          credit_code=factories.wrong_check_char_code())
    assert "校验" in str(error.value.message_dict["credit_code"])
    assert not Enterprise.objects.exists()


def test_duplicate_credit_code_is_refused(furong_office, regions):
    code = factories.valid_credit_code("430102")
    enterprise_create(actor=furong_office, region=regions.furong, name="甲公司", credit_code=code)
    with pytest.raises(ValidationError) as error:
        enterprise_create(actor=furong_office, region=regions.furong, name="乙公司", credit_code=code)
    assert "credit_code" in error.value.message_dict
    assert Enterprise.objects.count() == 1


def test_sibling_county_cannot_register_in_furong(tianxin_office, regions):
    with pytest.raises(ValidationError) as error:
        enterprise_create(actor=tianxin_office, region=regions.furong, name="越界公司",
                          credit_code=factories.valid_credit_code("430102"))
    assert "不存在" in str(error.value.message_dict["region"])
    assert not Enterprise.objects.exists()


def test_moving_an_enterprise_out_of_reach_is_refused(furong_office, roster, regions):
    with pytest.raises(ValidationError):
        enterprise_update(actor=furong_office, enterprise=roster.furong_enterprise, region=regions.tianxin)
    roster.furong_enterprise.refresh_from_db()
    assert roster.furong_enterprise.region == regions.furong
