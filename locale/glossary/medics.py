"""Simplified Chinese wording of the medics app (medical staff stationed in enterprises)."""

ZH_HANS = {
    "Medical staff": "驻企医务人员",
    "health institution": "医疗卫生机构",
    "health institutions": "医疗卫生机构",
    "Health institution": "医疗卫生机构",
    "Health institutions": "医疗卫生机构",
    "medic": "医务人员",
    "medics": "医务人员",
    "Medics": "医务人员",
    "medical coverage": "医务驻企",
    "medical coverages": "医务驻企",
    "This medic does not exist or is outside your office's reach.": "该医务人员不存在或不在本单位管辖范围内。",
    "A coverage must end after the day it starts.": "驻企结束日期必须晚于开始日期。",
    "%(enterprise)s lies outside the area of %(institution)s, whose medics cannot cover it.":
        "%(enterprise)s 不在 %(institution)s 的服务区域内，该机构的医务人员不能驻该企业。",
    "%(medic)s already covers %(enterprise)s during these dates.": "%(medic)s 在这段时间已驻 %(enterprise)s。",
    "A coverage cannot end before it starts.": "驻企不能在开始之前结束。",
    "This coverage has already ended.": "该驻企已结束。",
    "Search": "搜索",
    "Handover day": "交接日期",
    "Medic added.": "已添加医务人员。",
    "Coverage recorded.": "已登记医务驻企。",
    "Coverage of %(enterprise)s ended.": "%(enterprise)s 的医务驻企已结束。",
    "Health institution added.": "已添加医疗卫生机构。",
    "Without medical cover": "无医务驻企",
    "Every stationed enterprise has medical cover.": "所有派驻企业均已有医务人员驻企。",
    "Small enterprises (at most %(limit)s)": "中小微企业（至多 %(limit)s 家）",
    "Above-size enterprises": "规模以上企业",
    "Full": "已满",
    "No medic matches.": "没有符合条件的医务人员。",
    "Add a medic": "添加医务人员",
    "Add medic": "添加",
    "One medic covers at most %(limit)s small or micro enterprises at a time.":
        "每名医务人员同一时间至多负责 %(limit)s 家中小微企业。",
    "Enterprises covered": "负责的企业",
    "now": "至今",
    "End coverage": "结束驻企",
    "This medic covers no enterprise yet.": "该医务人员尚未负责任何企业。",
    "Cover another enterprise": "增加负责企业",
    "Record coverage": "登记驻企",
    "Needs a medic": "须配医务人员",
    "No health institution yet.": "暂无医疗卫生机构。",
    "Add a health institution": "添加医疗卫生机构",
    "Add institution": "添加",
    "Name": "名称",
}

ZH_HANS_PLURALS = {
    "%(medic)s already covers %(count)d small or micro enterprise during these dates; "
    "one medic covers at most %(limit)d.":
        "%(medic)s 在这段时间已负责 %(count)d 家中小微企业，每名医务人员同一时间至多负责 %(limit)d 家。",
    "%(counter)s medic": "共 %(counter)s 名医务人员",
    "%(counter)s stationed enterprise without medical cover": "%(counter)s 家派驻企业无医务人员驻企",
    "%(counter)s enterprise": "共 %(counter)s 家企业",
    "%(counter)s institution": "共 %(counter)s 家机构",
    "Stationed enterprises that no medic covers today, and above-size ones covered by fewer than %(counter)s medic.":
        "今日无医务人员负责的派驻企业，以及医务人员少于 %(counter)s 名的规模以上企业。",
}
