from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from reports.services import report_submit

TODAY = timezone.localdate()
YESTERDAY = TODAY - timedelta(days=1)


def at(day, hour, minute=0):
    """An aware local datetime on `day` at hour:minute (Asia/Shanghai)."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


VALUES = {
    "work_done": "协调解决原材料运输问题，检查防疫物资。",
    "masks_days": 7, "disinfectant_days": 10, "temperature_checks": True, "isolation_room": True,
    "returned_from_outside": 2, "under_observation": 2, "suspected_cases": 0,
    "resumed": True, "capacity_percent": 80, "workers_on_duty": 120, "workers_missing": 15, "open_positions": 30,
}


@pytest.fixture
def values():
    return dict(VALUES)


@pytest.fixture
def file_report(officer_user, roster):
    """File a report through the service for the roster officer (today, at noon by default)."""

    def _file(assignment=None, day=TODAY, now=None, **changes):
        assignment = assignment or roster.furong_assignment
        return report_submit(actor=officer_user, assignment=assignment, day=day, values={**VALUES, **changes},
                             now=now or at(day, 12))

    return _file
