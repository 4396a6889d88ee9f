"""A daily report keeps its enterprise's region (for scoping and the per-region lists); when the enterprise moves,
its reports move with it, so a list and the figure above it (summaries count a report where its enterprise is)
hold the same reports."""

from collections import defaultdict

from enterprises.signals import enterprises_moved


def reports_follow_their_enterprise(sender, moved: dict[int, int], **kwargs) -> None:
    from .models import DailyReport

    by_region = defaultdict(list)
    for enterprise_id, region_id in moved.items():
        by_region[region_id].append(enterprise_id)
    for region_id, enterprise_ids in by_region.items():
        DailyReport.objects.filter(enterprise_id__in=enterprise_ids).exclude(region_id=region_id).update(
            region_id=region_id)


def connect() -> None:
    enterprises_moved.connect(reports_follow_their_enterprise, dispatch_uid="reports-follow-their-enterprise")
