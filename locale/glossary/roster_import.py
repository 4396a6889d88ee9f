"""Wording of the roster import (roster_import app): columns, checks, pages."""

ZH_HANS = {
    "Roster import": "名册导入",
    # columns (the template's Chinese headers)
    "Enterprise name": "企业名称",
    "Region code": "地区代码",
    "Kind (enterprise or key project)": "类型（企业或重点项目）",
    "Key enterprise (yes/no)": "是否重点企业",
    "Contact phone": "联系电话",
    "Officer name": "联络员姓名",
    "Mobile phone": "手机号",
    "Backing unit's region code": "派出单位地区代码",
    "Post title": "职务",
    "Officer's username": "联络员用户名",
    "Enterprise's unified social credit code": "企业统一社会信用代码",
    "Managing office's region code": "管理单位地区代码",
    # checks
    "This credit code belongs to an enterprise outside your office's reach.":
        "该信用代码属于本单位管辖范围以外的企业。",
    "The same credit code is already on row %(row)d of this file.": "与本文件第 %(row)d 行的信用代码重复。",
    "Unknown region code %(code)s.": "地区代码 %(code)s 不存在。",
    "%(region)s is outside your office's reach.": "%(region)s 不在本单位管辖范围内。",
    "At most %(max)d characters.": "最多 %(max)d 个字符。",
    "Unknown value %(value)s; use one of: %(choices)s.": "无法识别的值“%(value)s”，请填写以下之一：%(choices)s。",
    "Write yes or no.": "请填写“是”或“否”。",
    "The same username is already on row %(row)d of this file.": "与本文件第 %(row)d 行的用户名重复。",
    "The same phone number is already on row %(row)d of this file.": "与本文件第 %(row)d 行的手机号重复。",
    "%(region)s has no backing unit named %(name)s.": "%(region)s 没有名为“%(name)s”的派出单位。",
    "This officer is managed outside your office's reach.": "该联络员由本单位管辖范围以外的单位管理。",
    "No officer has the username %(username)s.": "没有用户名为 %(username)s 的联络员。",
    "Not a date: %(value)s (write it as 2020-02-10).": "“%(value)s”不是日期（请写成 2020-02-10）。",
    "The same assignment is already on row %(row)d of this file.": "与本文件第 %(row)d 行的驻企安排重复。",
    "The dates overlap row %(row)d of this file (same officer and enterprise).":
        "与本文件第 %(row)d 行（同一联络员、同一企业）的日期重叠。",
    "This field is required.": "该字段是必填项。",
    # services
    "Only administrators and liaison offices can import rosters.": "只有管理员和驻企办可以导入名册。",
    "Choose what the file holds.": "请选择文件内容的类型。",
    "Check of %(kind)s: %(file)s": "%(kind)s预检：%(file)s",
    "Import of %(kind)s: %(file)s": "%(kind)s导入：%(file)s",
    "%(rows)d rows checked: %(problems)d problems. Correct the file and upload it again; nothing was imported.":
        "已检查 %(rows)d 行：发现 %(problems)d 个问题。请修改文件后重新上传；未导入任何数据。",
    "%(rows)d rows checked, no problems: %(new)d new, %(changed)d changed, %(unchanged)d unchanged. Confirm to "
    "import them.":
        "已检查 %(rows)d 行，没有问题：新增 %(new)d 行，修改 %(changed)d 行，未变 %(unchanged)d 行。确认后即可导入。",
    "Only the person who uploaded the file can confirm its import.": "只有上传文件的人可以确认导入。",
    "Only a checked file without problems can be imported.": "只有预检通过且没有问题的文件才能导入。",
    "Imported: %(new)d new, %(changed)d changed, %(unchanged)d unchanged.":
        "导入完成：新增 %(new)d 行，修改 %(changed)d 行，未变 %(unchanged)d 行。",
    "The file no longer passes the check (%(count)d problems; the first, row %(row)d: %(message)s). Nothing was "
    "imported; upload it again to see every problem.":
        "文件已无法通过预检（共 %(count)d 个问题；第一个在第 %(row)d 行：%(message)s）。未导入任何数据；"
        "请重新上传以查看全部问题。",
    "The import would write rows outside your office's reach; nothing was imported.":
        "导入将写入本单位管辖范围以外的数据；未导入任何数据。",
    # pages
    "The file holds": "文件内容",
    "File (.xlsx or .csv)": "文件（.xlsx 或 .csv）",
    "Import enterprises, officers or assignments from a spreadsheet in three steps: download the template and fill "
    "it in, upload it for a check that lists every bad row, then confirm. The import is all or nothing, and "
    "importing the same file again changes nothing.":
        "分三步从表格导入企业、联络员或驻企安排：下载模板并填写，上传预检（列出每一处有问题的行），然后确认导入。"
        "导入要么全部成功、要么全部不导入；同一文件重复导入不会产生任何改动。",
    "1. Templates": "1. 模板",
    "Excel template (.xlsx)": "Excel 模板（.xlsx）",
    "CSV template": "CSV 模板",
    "Import enterprises and officers before their assignments. A CSV may be saved as UTF-8 or GBK.":
        "请先导入企业和联络员，再导入驻企安排。CSV 可保存为 UTF-8 或 GBK 编码。",
    "2. Upload for a check": "2. 上传预检",
    "Check the file": "预检文件",
    "Your recent imports": "我最近的导入",
    "Uploaded at": "上传时间",
    "Nothing was imported.": "未导入任何数据。",
    "Rows": "行数",
    "New": "新增",
    "Changed": "修改",
    "Unchanged": "未变",
    "Problems found": "问题数",
    "Rows to correct": "需要修改的行",
    "The first %(shown)s of %(count)s problems.": "共 %(count)s 个问题，显示前 %(shown)s 个。",
    "Row": "行号",
    "Column": "列",
    "Import these %(kind)s now? Every row is written, or none.":
        "现在导入这些%(kind)s吗？要么全部写入，要么全部不写入。",
    "Confirm the import": "确认导入",
    "See the import of this file": "查看该文件的导入",
}
