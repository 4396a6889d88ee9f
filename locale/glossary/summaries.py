ZH_HANS = {
    "stale region-days": "待重算的地区日",
    "first day": "起始日",
    "last day": "截止日",
    "started at": "开始时间",
    "from day": "起始日期",
    "region-days checked": "已核对地区日数",
    "mismatches": "不一致数",
    "first mismatches": "前若干条不一致",
    "summary verification": "汇总核对",
    "summary verifications": "汇总核对",
}
