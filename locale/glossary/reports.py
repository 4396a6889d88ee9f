"""Simplified Chinese wording of the reports app's exemption rule (ReportExemption.clean)."""

ZH_HANS = {
    "A shut or not yet reopened enterprise exempts all its officers: name the enterprise, not an officer.":
        "停产或未复工的企业，其全部联络员均免报：请选择企业，而不是联络员。",
    "Leave or rest exempts the officer in all their enterprises: name the officer, not an enterprise.":
        "请假或轮休的联络员，其派驻的所有企业均免报：请选择联络员，而不是企业。",
}
