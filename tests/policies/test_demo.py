"""The demo library: plausible documents for the province, cities and counties, handbooks, and no second copy."""

from datetime import date

from demo.policies import DOCUMENTS, HANDBOOKS, step_policies
from policies.models import PolicyDocument


class Run:
    """The part of demo.run.DemoRun the step reads."""

    def __init__(self, regions, admin):
        from regions.models import Region

        self.regions = {region.code: region for region in Region.objects.all()}
        self.admin = admin
        self.campaign_start = date(2020, 2, 3)


def test_it_publishes_the_library_once(regions, admin_user):
    run = Run(regions, admin_user)
    step_policies(run)
    assert PolicyDocument.objects.count() == len(DOCUMENTS) + len(HANDBOOKS)
    assert 30 <= PolicyDocument.objects.count() <= 60
    step_policies(run)
    assert PolicyDocument.objects.count() == len(DOCUMENTS) + len(HANDBOOKS)

    yiyang = PolicyDocument.objects.get(title="益阳市援企稳岗政策汇编")
    assert yiyang.category == "handbook" and yiyang.sources.count() == 10
    assert "湖南省阶段性减免企业社会保险费实施办法" in yiyang.body
    province = PolicyDocument.objects.get(title="湖南省关于支持企业复工复产的若干政策措施")
    paragraphs = province.body.split("\n\n")
    assert len(paragraphs) >= 5 and all(len(paragraph) >= 80 for paragraph in paragraphs)
    assert province.summary.startswith("湖南省人民政府办公厅印发")
    paths = PolicyDocument.objects.values_list("region__path", flat=True)
    cities = {path.split("/")[1] for path in paths if path.count("/") >= 2}
    assert {"430100", "430200", "430900"} <= cities
