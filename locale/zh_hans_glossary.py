"""The Simplified Chinese wording of every interface string, applied to the .po file by `make messages`.

Keeping the translations here (one dict, reviewable in a diff) lets makemessages regenerate the .po freely:
`python locale/zh_hans_glossary.py` fills every msgstr from this table and lists any string still missing.
"""

import sys
from pathlib import Path

ZH_HANS = {
    "Liaison Portal": "驻企联络员工作平台",
    "Accounts": "账户",
    "full name": "姓名",
    "phone": "电话",
    "user": "用户",
    "users": "用户",
    "Enterprises and projects": "企业与项目",
    "Enterprise": "企业",
    "Key project": "重点项目",
    "Above designated size": "规模以上",
    "Small or micro": "中小微",
    "Manufacturing": "制造业",
    "Machinery and equipment": "机械装备",
    "Electronics and information": "电子信息",
    "New materials": "新材料",
    "Chemicals": "化工",
    "Pharmaceuticals and medical supplies": "医药及医疗物资",
    "Food and agricultural processing": "食品及农产品加工",
    "Textiles and garments": "纺织服装",
    "Construction": "建筑业",
    "Energy and utilities": "能源及公用事业",
    "Logistics": "物流",
    "Wholesale and retail": "批发零售",
    "Services": "服务业",
    "Other": "其他",
    "kind": "类型",
    "name": "名称",
    "unified social credit code": "统一社会信用代码",
    "region": "地区",
    "industry": "行业",
    "size class": "规模",
    "key enterprise": "重点企业",
    "address": "地址",
    "contact person": "联系人",
    "contact phone": "联系电话",
    "created at": "创建时间",
    "enterprise": "企业",
    "enterprises": "企业",
    "This region does not exist or is outside your office's reach.": "该地区不存在，或不在本单位管辖范围内。",
    "A unified social credit code has 18 characters; this one has %(count)d.":
        "统一社会信用代码应为18位，当前为%(count)d位。",
    "A unified social credit code cannot contain %(chars)s.": "统一社会信用代码不能包含字符：%(chars)s。",
    "Characters 3 to 8 of a unified social credit code are the region code and must be digits.":
        "统一社会信用代码第3至8位为行政区划码，必须是数字。",
    "The check character of this unified social credit code is wrong; please check the code.":
        "统一社会信用代码校验位错误，请核对代码。",
    "Officers and assignments": "联络员与派驻",
    "Active": "在岗",
    "Recalled": "已召回",
    "Rotated out": "已轮换",
    "Finished": "已结束",
    "Posting finished": "派驻期满",
    "Reassigned": "调整派驻",
    "backing unit": "派出单位",
    "backing units": "派出单位",
    "title": "职务",
    "status": "状态",
    "officer": "联络员",
    "officers": "联络员",
    "managing office": "管理单位",
    "leader": "负责人",
    "task force": "工作专班",
    "task forces": "工作专班",
    "commanding office": "指挥单位",
    "start date": "开始日期",
    "end date": "结束日期",
    "end reason": "结束原因",
    "end note": "结束说明",
    "replaces": "接替",
    "created by": "创建人",
    "assignment": "派驻",
    "assignments": "派驻",
    "This username is already taken.": "该用户名已被使用。",
    "%(officer)s is already stationed in %(enterprise)s during these dates.":
        "%(officer)s在该时段已派驻%(enterprise)s，派驻时间不能重叠。",
    "This enterprise does not exist or is outside your office's reach.": "该企业不存在，或不在本单位管辖范围内。",
    "%(enterprise)s lies outside %(office)s, so that office cannot station officers there.":
        "%(enterprise)s不在%(office)s辖区内，该单位不能向其派驻联络员。",
    "%(officer)s was not dispatched by %(office)s, so that office cannot station them.":
        "%(officer)s不是%(office)s派出的联络员，该单位不能安排其派驻。",
    "%(officer)s is not active and cannot be stationed.": "%(officer)s不在岗，不能派驻。",
    "The task force belongs to another enterprise.": "该工作专班属于其他企业。",
    "An assignment cannot end before it starts.": "派驻结束日期不能早于开始日期。",
    "This assignment has already ended.": "该派驻已结束。",
    "The enterprise lies outside the task force's office.": "该企业不在工作专班所属单位辖区内。",
    "Portal": "门户",
    "All": "全部",
    "Search": "搜索",
    "Region": "地区",
    "Kind": "类型",
    "Industry": "行业",
    "Size class": "规模",
    "Key enterprise": "重点企业",
    "Yes": "是",
    "No": "否",
    "Status": "状态",
    "Regions and posts": "地区与岗位",
    "Province": "省",
    "City": "市州",
    "County / district": "县市区",
    "Industrial park": "园区",
    "Industry and information technology": "工业和信息化",
    "Health commission": "卫生健康",
    "Tax bureau": "税务",
    "Human resources and social security": "人力资源和社会保障",
    "Transport": "交通运输",
    "Commerce": "商务",
    "Market regulation": "市场监管",
    "Finance": "金融",
    "Development and reform": "发展和改革",
    "Natural resources": "自然资源",
    "Housing and construction": "住房和城乡建设",
    "Emergency management": "应急管理",
    "Power and water supply": "供电供水",
    "Liaison officer": "驻企联络员",
    "Liaison office staff": "驻企办工作人员",
    "Functional department staff": "职能部门工作人员",
    "Organization department staff": "组织部门工作人员",
    "Administrator": "系统管理员",
    "code": "代码",
    "English name": "英文名称",
    "level": "层级",
    "parent": "上级",
    "path": "路径",
    "depth": "深度",
    "regions": "地区",
    "A province has no parent region.": "省级地区没有上级地区。",
    "A %(level)s must belong to a %(parent)s.": "%(level)s必须隶属于%(parent)s。",
    "department": "部门",
    "departments": "部门",
    "active": "有效",
    "post": "岗位",
    "posts": "岗位",
    "An office post needs the region it serves.": "驻企办或组织部门岗位须指定所服务的地区。",
    "A department post needs its department.": "职能部门岗位须指定所属部门。",
    "Account locked": "账户已锁定",
    "Too many failed logins": "登录失败次数过多",
    "This account is locked on this network address after too many wrong passwords. Try again in %(minutes)s "
    "minutes, or ask your liaison office to reset your password.":
        "该账户在当前网络地址上因多次输错密码已被暂时锁定。请%(minutes)s分钟后再试，或请驻企办重置密码。",
    "Back to log in": "返回登录",
    "Log in": "登录",
    "Username": "用户名",
    "Password": "密码",
    "Main": "主导航",
    "Home": "首页",
    "Enterprises": "企业",
    "Officers": "联络员",
    "Admin": "后台管理",
    "Language": "语言",
    "Switch": "切换",
    "Log out": "退出",
    "Liaison Portal · enterprise liaison-officer programme": "驻企联络员工作平台 · 日汇报、日总结、日调度",
    "Officer": "联络员",
    "Period": "派驻时间",
    "Managing office": "管理单位",
    "Commanding office": "指挥单位",
    "Task force": "工作专班",
    "now": "至今",
    "No assignment yet.": "暂无派驻记录。",
    "Pages": "分页",
    "Previous": "上一页",
    "Page %(number)s of %(total)s": "第 %(number)s / %(total)s 页",
    "Next": "下一页",
    "Key": "重点",
    "Unified social credit code": "统一社会信用代码",
    "Address": "地址",
    "Contact person": "联系人",
    "Officers stationed here": "派驻联络员",
    "Name": "名称",
    "Full name": "姓名",
    "Project": "项目",
    "No enterprise matches.": "没有符合条件的企业。",
    "Overview": "概览",
    "Enterprise roster": "企业名册",
    "Officer roster": "联络员名册",
    "Assignments active today": "今日在岗派驻",
    "My enterprises": "我联系的企业",
    "Stationed since": "派驻日期",
    "You are not stationed in any enterprise today.": "您今天没有派驻企业。",
    "Welcome": "欢迎",
    "Your account has no office or officer post yet. Ask your liaison office to grant one.":
        "您的账户尚未分配岗位，请联系驻企办开通。",
    "Title": "职务",
    "Phone": "电话",
    "Backing unit": "派出单位",
    "Assignments": "派驻记录",
    "No officer matches.": "没有符合条件的联络员。",
}

ZH_HANS_PLURALS = {
    "%(counter)s enterprise": "共 %(counter)s 家企业",
    "%(counter)s officer": "共 %(counter)s 名联络员",
}


def apply(po_path: Path) -> list[str]:
    import polib

    po = polib.pofile(str(po_path))
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            text = ZH_HANS_PLURALS.get(entry.msgid)
            if text is None:
                missing.append(entry.msgid)
                continue
            entry.msgstr_plural = {0: text}
        else:
            text = ZH_HANS.get(entry.msgid)
            if text is None:
                missing.append(entry.msgid)
                continue
            entry.msgstr = text
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Language"] = "zh_Hans"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save()
    return missing


if __name__ == "__main__":
    target = Path(__file__).resolve().parent / "zh_Hans" / "LC_MESSAGES" / "django.po"
    still_missing = apply(target)
    for msgid in still_missing:
        print(f"missing translation: {msgid!r}")
    sys.exit(1 if still_missing else 0)
