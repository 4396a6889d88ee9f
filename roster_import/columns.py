"""The columns of each roster import file: key, header (English msgid; the template writes it in Chinese), required.

The template's example row is here too, so that the file an office downloads passes the check as it is (once its
codes are replaced by their own).
"""

from django.utils.translation import gettext_lazy as _

from spreadsheets.reading import Column

from .choices import RosterKind

COLUMNS = {
    RosterKind.ENTERPRISES: [
        Column("credit_code", _("Unified social credit code")),
        Column("name", _("Enterprise name")),
        Column("region_code", _("Region code")),
        Column("kind", _("Kind (enterprise or key project)"), required=False),
        Column("industry", _("Industry"), required=False),
        Column("size_class", _("Size class"), required=False),
        Column("is_key", _("Key enterprise (yes/no)"), required=False),
        Column("address", _("Address"), required=False),
        Column("contact_name", _("Contact person"), required=False),
        Column("contact_phone", _("Contact phone"), required=False),
    ],
    RosterKind.OFFICERS: [
        Column("username", _("Username")),
        Column("name", _("Officer name")),
        Column("phone", _("Mobile phone")),
        Column("backing_unit", _("Backing unit")),
        Column("backing_unit_region_code", _("Backing unit's region code")),
        Column("title", _("Post title"), required=False),
    ],
    RosterKind.ASSIGNMENTS: [
        Column("username", _("Officer's username")),
        Column("credit_code", _("Enterprise's unified social credit code")),
        Column("start_date", _("Start date")),
        Column("end_date", _("End date"), required=False),
        Column("managing_region_code", _("Managing office's region code"), required=False),
    ],
}

# One example row per kind (the enterprise's code is valid; the region codes are Changsha's Furong district).
EXAMPLES = {
    RosterKind.ENTERPRISES: ["91430102MA4L0000X6", "长沙芙蓉精密机械有限公司", "430102", "企业", "制造业",
                             "规模以上", "是", "长沙市芙蓉区五一大道1号", "张伟", "0731-84000000"],
    RosterKind.OFFICERS: ["zhangsan", "张三", "13900000000", "芙蓉区教育局", "430102", "科员"],
    RosterKind.ASSIGNMENTS: ["zhangsan", "91430102MA4L0000X6", "2020-02-10", "", "430102"],
}
