"""Demo data for the policy library: about fifty invented (but plausible) policy documents of spring 2020 for the
province, 长沙市, 株洲市, 益阳市 and some of their counties and parks, and the handbooks compiled from them, among
them 益阳市援企稳岗政策汇编 (Yiyang's officers compiled the support policies into a handbook for their enterprises).

Each document is published through the service by its office's demo login where there is one (province, changsha,
furong, tianxin), otherwise by the administrator. Bodies are composed from clause paragraphs of the document's
category, drawn from a generator seeded by the title, so a run always writes the same text; (region, title) is the
natural key, so a second run adds nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model

from demo.run import DemoRun
from policies.choices import PolicyCategory as C
from policies.models import PolicyDocument
from policies.services import policy_publish

OFFICE_LOGINS = {"430000": "province", "430100": "changsha", "430102": "furong", "430103": "tianxin"}


@dataclass(frozen=True)
class PlannedDocument:
    region: str
    title: str
    issuing_body: str
    day: int  # days after the campaign's first day
    category: str
    keywords: str
    sources: tuple[str, ...] = ()  # for a handbook: the titles it compiles


DOCUMENTS = (
    # 湖南省
    PlannedDocument("430000", "湖南省关于支持企业复工复产的若干政策措施", "湖南省人民政府办公厅", 1, C.RESUMPTION,
                    "复工复产, 援企稳岗, 减税降费"),
    PlannedDocument("430000", "湖南省应对新冠肺炎疫情支持中小企业共渡难关的若干措施", "湖南省人民政府办公厅", 2,
                    C.FINANCE_CREDIT, "中小企业, 贷款贴息, 续贷"),
    PlannedDocument("430000", "湖南省阶段性减免企业社会保险费实施办法", "湖南省人力资源和社会保障厅", 8,
                    C.EMPLOYMENT, "社保减免, 养老保险, 失业保险, 工伤保险"),
    PlannedDocument("430000", "湖南省支持企业稳定就业岗位的若干措施", "湖南省人力资源和社会保障厅", 4, C.EMPLOYMENT,
                    "稳岗返还, 以工代训, 招工补贴"),
    PlannedDocument("430000", "湖南省关于落实疫情防控税收优惠政策的通知", "国家税务总局湖南省税务局", 3, C.TAX_FEES,
                    "增值税减免, 延期申报, 延期缴纳"),
    PlannedDocument("430000", "湖南省企业复工复产疫情防控指南", "湖南省应对新冠肺炎疫情防控指挥部", 1, C.EPIDEMIC,
                    "健康监测, 体温检测, 隔离观察室, 口罩"),
    PlannedDocument("430000", "湖南省阶段性降低企业用电用气成本的通知", "湖南省发展和改革委员会", 10, C.LAND_ENERGY,
                    "电价优惠, 气价, 支持性两部制电价"),
    PlannedDocument("430000", "湖南省金融支持企业复工复产专项信贷政策", "中国人民银行长沙中心支行", 6,
                    C.FINANCE_CREDIT, "专项再贷款, 信用贷款, 无还本续贷"),
    PlannedDocument("430000", "湖南省驻企联络员工作指引", "湖南省复工复产协调办", 0, C.OTHER,
                    "驻企联络员, 日汇报, 日总结, 日调度"),
    PlannedDocument("430000", "湖南省重点企业用工保障十条措施", "湖南省人力资源和社会保障厅", 12, C.EMPLOYMENT,
                    "点对点运输, 返岗专车, 用工调剂"),
    PlannedDocument("430000", "湖南省减免中小企业房租的实施意见", "湖南省国有资产监督管理委员会", 9, C.TAX_FEES,
                    "房租减免, 国有资产, 小微企业"),
    # 长沙市
    PlannedDocument("430100", "长沙市支持中小企业共渡难关十条措施", "长沙市人民政府办公厅", 3, C.FINANCE_CREDIT,
                    "中小企业, 应急转贷, 担保费"),
    PlannedDocument("430100", "长沙市企业复工复产疫情防控工作指引", "长沙市疫情防控指挥部", 2, C.EPIDEMIC,
                    "返岗人员, 健康码, 错峰就餐"),
    PlannedDocument("430100", "长沙市稳岗补贴发放实施细则", "长沙市人力资源和社会保障局", 11, C.EMPLOYMENT,
                    "稳岗补贴, 失业保险, 网上申报"),
    PlannedDocument("430100", "长沙市工业企业用地用能保障措施", "长沙市自然资源和规划局", 15, C.LAND_ENERGY,
                    "工业用地, 分期缴纳, 用能保障"),
    PlannedDocument("430100", "长沙市重点项目复工开工保障办法", "长沙市发展和改革委员会", 7, C.RESUMPTION,
                    "重点项目, 开工, 审批提速"),
    PlannedDocument("430100", "长沙市中小微企业贷款贴息实施办法", "长沙市财政局", 13, C.FINANCE_CREDIT,
                    "贷款贴息, 中小微企业"),
    # 长沙市的县市区和园区
    PlannedDocument("430102", "芙蓉区支持商贸服务企业复工复业八条措施", "芙蓉区人民政府", 5, C.RESUMPTION,
                    "商贸服务, 复工复业, 消费券"),
    PlannedDocument("430102", "芙蓉区企业防疫物资调配办法", "芙蓉区疫情防控指挥部", 3, C.EPIDEMIC,
                    "防疫物资, 口罩, 消毒液, 调配"),
    PlannedDocument("430102", "芙蓉区小微企业房租减免操作指引", "芙蓉区财政局", 14, C.TAX_FEES,
                    "房租减免, 小微企业, 个体工商户"),
    PlannedDocument("430103", "天心区企业复工复产服务十条", "天心区人民政府", 4, C.RESUMPTION,
                    "复工复产, 服务专班, 一企一策"),
    PlannedDocument("430103", "天心区企业用工对接服务方案", "天心区人力资源和社会保障局", 9, C.EMPLOYMENT,
                    "用工对接, 网络招聘, 返岗"),
    PlannedDocument("430104", "岳麓区支持科技型企业渡难关若干措施", "岳麓区人民政府", 8, C.FINANCE_CREDIT,
                    "科技型企业, 研发补助, 知识产权质押"),
    PlannedDocument("430104P01", "长沙高新区园区企业复工复产服务指南", "长沙高新技术产业开发区管理委员会", 2,
                    C.RESUMPTION, "园区, 复工备案, 防疫检查"),
    PlannedDocument("430121", "长沙县工业企业满负荷生产奖励办法", "长沙县人民政府", 18, C.RESUMPTION,
                    "满负荷生产, 奖励, 产值"),
    PlannedDocument("430181", "浏阳市花炮企业安全复工指引", "浏阳市应急管理局", 10, C.EPIDEMIC,
                    "花炮企业, 安全生产, 复工验收"),
    # 株洲市
    PlannedDocument("430200", "株洲市支持企业复工复产二十条措施", "株洲市人民政府", 2, C.RESUMPTION,
                    "复工复产, 二十条, 援企稳岗"),
    PlannedDocument("430200", "株洲市驻企联络员小程序填报指南", "株洲市复工复产协调办", 1, C.OTHER,
                    "小程序, 日报填报, 问题交办"),
    PlannedDocument("430200", "株洲市企业用电用气降费实施方案", "株洲市发展和改革委员会", 12, C.LAND_ENERGY,
                    "电费, 气费, 降费"),
    PlannedDocument("430200", "株洲市稳就业促招工专项行动方案", "株洲市人力资源和社会保障局", 6, C.EMPLOYMENT,
                    "招工, 稳就业, 劳务协作"),
    PlannedDocument("430200", "株洲市金融服务企业白名单制度", "株洲市地方金融监督管理局", 9, C.FINANCE_CREDIT,
                    "白名单, 银企对接, 信用贷款"),
    PlannedDocument("430211", "天元区轨道交通装备企业复工帮扶措施", "天元区人民政府", 7, C.RESUMPTION,
                    "轨道交通, 产业链, 配套企业"),
    PlannedDocument("430281", "醴陵市陶瓷企业复工复产扶持办法", "醴陵市人民政府", 11, C.RESUMPTION,
                    "陶瓷, 窑炉, 用气保障"),
    # 益阳市
    PlannedDocument("430900", "益阳市支持企业复工复产若干措施", "益阳市人民政府办公室", 3, C.RESUMPTION,
                    "复工复产, 援企稳岗, 一企一联络员"),
    PlannedDocument("430900", "益阳市阶段性减免企业社会保险费实施细则", "益阳市人力资源和社会保障局", 10,
                    C.EMPLOYMENT, "社保减免, 缓缴, 中小微企业"),
    PlannedDocument("430900", "益阳市稳岗返还和以工代训补贴办理指南", "益阳市人力资源和社会保障局", 14,
                    C.EMPLOYMENT, "稳岗返还, 以工代训, 办理流程"),
    PlannedDocument("430900", "益阳市中小企业应急转贷资金管理办法", "益阳市财政局", 8, C.FINANCE_CREDIT,
                    "应急转贷, 过桥资金, 中小企业"),
    PlannedDocument("430900", "益阳市企业税费减免政策明白卡", "国家税务总局益阳市税务局", 6, C.TAX_FEES,
                    "明白卡, 增值税, 房产税, 城镇土地使用税"),
    PlannedDocument("430900", "益阳市企业用电用水用气支持措施", "益阳市发展和改革委员会", 12, C.LAND_ENERGY,
                    "用电, 用水, 用气, 欠费不停供"),
    PlannedDocument("430903", "赫山区企业复工复产服务专班工作方案", "赫山区人民政府", 5, C.RESUMPTION,
                    "服务专班, 驻企联络员, 问题清单"),
    PlannedDocument("430923", "安化县黑茶企业复工复产扶持措施", "安化县人民政府", 9, C.RESUMPTION,
                    "黑茶, 茶叶加工, 电商销售"),
    PlannedDocument("430903P01", "益阳高新区企业招工用工补贴办法", "益阳高新技术产业开发区管理委员会", 7, C.EMPLOYMENT,
                    "招工补贴, 园区, 返岗包车"),
    PlannedDocument("430981", "沅江市企业防疫消毒工作规范", "沅江市卫生健康局", 4, C.EPIDEMIC,
                    "消毒, 通风, 集体宿舍"),
)

HANDBOOKS = (
    PlannedDocument("430000", "湖南省企业复工复产政策汇编", "湖南省复工复产协调办", 16, C.HANDBOOK,
                    "政策汇编, 复工复产, 驻企联络员",
                    sources=("湖南省关于支持企业复工复产的若干政策措施",
                             "湖南省应对新冠肺炎疫情支持中小企业共渡难关的若干措施",
                             "湖南省阶段性减免企业社会保险费实施办法", "湖南省关于落实疫情防控税收优惠政策的通知",
                             "湖南省阶段性降低企业用电用气成本的通知", "湖南省金融支持企业复工复产专项信贷政策")),
    PlannedDocument("430100", "长沙市援企稳岗政策汇编", "长沙市复工复产协调办", 17, C.HANDBOOK,
                    "政策汇编, 援企稳岗, 长沙",
                    sources=("长沙市支持中小企业共渡难关十条措施", "长沙市稳岗补贴发放实施细则",
                             "长沙市中小微企业贷款贴息实施办法", "湖南省阶段性减免企业社会保险费实施办法",
                             "湖南省支持企业稳定就业岗位的若干措施")),
    PlannedDocument("430200", "株洲市企业复工复产政策问答", "株洲市复工复产协调办", 15, C.HANDBOOK,
                    "政策问答, 复工复产, 株洲",
                    sources=("株洲市支持企业复工复产二十条措施", "株洲市企业用电用气降费实施方案",
                             "株洲市稳就业促招工专项行动方案", "株洲市金融服务企业白名单制度")),
    PlannedDocument("430900", "益阳市援企稳岗政策汇编", "益阳市复工复产协调办", 18, C.HANDBOOK,
                    "政策汇编, 援企稳岗, 驻企联络员, 益阳",
                    sources=("湖南省关于支持企业复工复产的若干政策措施", "湖南省阶段性减免企业社会保险费实施办法",
                             "湖南省支持企业稳定就业岗位的若干措施", "湖南省关于落实疫情防控税收优惠政策的通知",
                             "益阳市支持企业复工复产若干措施", "益阳市阶段性减免企业社会保险费实施细则",
                             "益阳市稳岗返还和以工代训补贴办理指南", "益阳市中小企业应急转贷资金管理办法",
                             "益阳市企业税费减免政策明白卡", "益阳市企业用电用水用气支持措施")),
)

INTRO = (
    "为深入贯彻落实党中央、国务院和省委、省政府关于统筹推进新冠肺炎疫情防控和经济社会发展工作的决策部署，"
    "全力帮助{place}企业有序复工复产、稳定生产经营、渡过难关，根据国家和省有关政策规定，结合本地实际，"
    "现就有关事项明确如下。各级驻企联络员要把本文件作为走访企业的必备材料，逐条向企业宣讲，帮助企业对照申报。"
)
CLOSING = (
    "本文件自印发之日起施行，有效期至疫情防控应急响应解除后三个月，国家和省出台新规定的从其规定。"
    "各地各部门要建立政策落实工作台账，实行清单化管理，对企业反映的政策兑现问题，由驻企联络员收集后"
    "通过日汇报报送复工复产协调办，分类交办相关部门限期办结。本文件由{body}负责解释。"
)
NUMBERS = "一二三四五六七八九十"

CLAUSES = {
    C.RESUMPTION: (
        "加快推动企业复工复产。按照分区分级、精准施策的要求，取消不合理的复工审批和证明要求，企业落实防控措施后"
        "即可自主复工。对规模以上工业企业和重点项目实行“一企一联络员”，驻企联络员每日了解企业复工进度、"
        "员工返岗和产能恢复情况，协调解决原材料、物流、用工等实际困难，确保企业应复尽复。",
        "保障产业链供应链稳定。梳理重点产业链的龙头企业和关键配套企业清单，对因上下游企业未复工导致停产的，"
        "由工信部门牵头跨地区协调，帮助企业对接替代供应商。开辟重点物资运输绿色通道，对运输防疫物资和"
        "生产原材料的车辆免费通行、优先放行，不得以任何理由拦截劝返。",
        "实行企业诉求限时办结制度。企业通过驻企联络员、服务热线或网上平台反映的困难问题，属于本级职权范围的，"
        "一般问题三个工作日内办结，复杂问题七个工作日内办结；需要上级协调的，由复工复产协调办分级上报，"
        "逐级化解，办理结果及时反馈企业，并纳入部门绩效考核。",
        "支持企业满负荷生产。对一季度产值增长较快、为疫情防控和经济稳定作出贡献的工业企业给予一次性奖励；"
        "对新增产能用于生产防疫物资的企业，按设备投资额的一定比例给予补助。鼓励企业通过技术改造、"
        "智能化升级提高生产效率，符合条件的优先纳入技改专项支持范围。",
        "优化审批服务。对企业复工复产涉及的各类审批事项，推行“网上办、掌上办、不见面审批”，"
        "能容缺受理的一律容缺受理。资质证照有效期届满的，可延期至疫情结束后三个月内办理换证手续。"
        "重点项目实行“一个项目、一名领导、一个专班”，加快办理开工所需手续。",
    ),
    C.FINANCE_CREDIT: (
        "加大信贷支持力度。各银行业金融机构要用好人民银行专项再贷款和再贴现额度，对受疫情影响较大、"
        "有发展前景但暂时受困的中小微企业，不得盲目抽贷、断贷、压贷；对到期还款困难的，可予以展期或续贷，"
        "延期还本付息最长可至六月三十日，并免收罚息。",
        "降低企业融资成本。对疫情防控重点保障企业的新增贷款，财政按人民银行再贷款利率的百分之五十给予贴息，"
        "贴息期限不超过一年。政府性融资担保机构对受疫情影响的中小微企业降低担保费率，原则上不超过百分之一，"
        "对防疫物资生产企业取消反担保要求。",
        "设立应急转贷资金。由财政出资设立中小企业应急转贷资金，为贷款到期、资金周转困难的企业提供短期过桥，"
        "使用费率按日计算，单笔使用期限一般不超过十五天。企业申请时提交合作银行的续贷审批意见即可，"
        "驻企联络员可协助企业准备材料、对接银行。",
        "建立银企对接白名单。由金融、工信、发改部门联合梳理有融资需求的企业名单，定期推送至各银行机构，"
        "银行在三个工作日内与企业对接，对符合条件的企业开辟绿色通道、简化审批流程，"
        "推广信用贷款、知识产权质押和应收账款融资等产品。",
        "支持企业直接融资。对受疫情影响较大的企业发行债券融资的，给予发行费用补助；对拟上市企业因疫情"
        "影响进度的，协调有关方面加快推进。鼓励政府投资基金加大对科技型中小企业的投资力度。",
    ),
    C.EMPLOYMENT: (
        "阶段性减免企业社会保险费。自二月起，免征中小微企业基本养老保险、失业保险、工伤保险单位缴费部分，"
        "免征期限不超过五个月；大型企业减半征收，期限不超过三个月。受疫情影响生产经营出现严重困难的企业，"
        "可申请缓缴社会保险费，缓缴期间免收滞纳金，职工权益不受影响。",
        "加大稳岗返还力度。对不裁员或少裁员的参保企业，返还其上年度实际缴纳失业保险费的百分之五十；"
        "对中小微企业，裁员率不高于上年度全国调查失业率控制目标的，也可享受。企业无需申请，"
        "由人社部门通过大数据比对直接发放，驻企联络员负责提醒企业核对银行账户信息。",
        "支持企业开展以工代训。对受疫情影响停工停产期间组织职工参加线上线下培训的企业，"
        "按实际参训人数给予职业培训补贴；对吸纳就业困难人员并开展以工代训的企业，每人每月给予一定补贴，"
        "补贴期限最长不超过六个月。",
        "做好重点企业用工保障。对重点企业用工需求实行清单化管理，开展“点对点、一站式”返岗直通车服务，"
        "组织包车、专列接送外地员工返岗，所需费用由财政给予补助。对新招用员工达到一定人数的企业，"
        "给予一次性吸纳就业补贴。",
        "搭建线上招聘平台。暂停现场招聘活动期间，依托人力资源市场网站、微信公众号和直播平台开展网络招聘，"
        "及时发布企业岗位需求。鼓励企业间开展共享用工，对用工余缺调剂中的劳动关系、工资支付等问题，"
        "由人社部门加强指导。",
    ),
    C.TAX_FEES: (
        "落实疫情防控税收优惠。对疫情防控重点保障物资生产企业为扩大产能新购置的相关设备，允许一次性计入"
        "当期成本费用在企业所得税税前扣除；对纳税人提供公共交通运输服务、生活服务以及为居民提供必需生活物资"
        "快递收派服务取得的收入，免征增值税。",
        "减免小规模纳税人增值税。自三月一日至五月三十一日，小规模纳税人适用百分之三征收率的应税销售收入，"
        "减按百分之一征收率征收增值税。税务部门通过电子税务局推送政策提醒，驻企联络员协助企业确认适用条件。",
        "依法延期申报和缴纳税款。受疫情影响办理申报确有困难的纳税人，可依法申请延期申报；"
        "因疫情影响不能按期缴纳税款的，依法准予延期缴纳，最长不超过三个月。"
        "对生产经营困难的企业，可申请减免房产税和城镇土地使用税。",
        "减免中小企业房租。对承租国有资产类经营用房的中小微企业和个体工商户，免收二月、三月两个月房租，"
        "减半收取四月至六月三个月房租。鼓励大型商务楼宇、商场、园区等运营方为中小微企业减免租金，"
        "对减免租金的出租方给予房产税、城镇土地使用税减免。",
        "清理规范涉企收费。全面落实降低企业用工、用能、物流等成本的各项收费减免政策，"
        "暂停征收部分行政事业性收费，严禁借机乱收费、乱罚款、乱摊派。企业可通过驻企联络员反映违规收费问题。",
    ),
    C.EPIDEMIC: (
        "落实企业防控主体责任。企业要成立疫情防控工作专班，制定复工疫情防控方案和应急预案，"
        "明确专人负责员工健康管理，建立员工健康台账，做到“一人一档”。复工前要对生产场所、宿舍、食堂等"
        "进行全面清洁消毒，储备足够的口罩、额温枪、消毒液等防疫物资，一般应不少于七天用量。",
        "严格人员健康监测。企业实行封闭式管理，出入口设置体温检测点，对所有进入人员测量体温、查验健康码。"
        "对来自重点地区的返岗人员，按规定落实隔离观察措施；设置临时隔离观察室，发现发热、咳嗽等症状的员工，"
        "立即就地隔离并及时送医排查。",
        "加强重点场所防控。车间、办公室等场所要保持通风，减少人员聚集，工位间距不少于一米；"
        "食堂实行分餐制、错峰就餐；集体宿舍每间居住人数不超过六人，每日定时消毒。"
        "会议尽量采用视频方式，必须召开的控制人数和时间。",
        "保障防疫物资供应。对复工企业防疫物资不足的，由工信部门统筹调配，优先保障重点企业和民生保障企业；"
        "企业可通过驻企联络员提出需求，当日汇总、次日调配。鼓励有条件的企业转产扩产口罩、消毒液等防疫物资。",
        "派驻医疗防疫指导员。卫生健康部门向规模以上企业派驻医疗防疫指导员，每家规模以上企业至少一名，"
        "小微企业按每名指导员联系不超过五家的原则安排，负责指导企业落实消毒、健康监测和应急处置等措施。",
    ),
    C.LAND_ENERGY: (
        "降低企业用电成本。除高耗能行业外，对其他工商业电力用户按原到户电价水平的百分之九十五结算电费；"
        "对执行两部制电价的企业，放宽容（需）量电价计费方式变更周期和减容（暂停）期限，"
        "支持性两部制电价政策执行至六月三十日。",
        "降低企业用气用水成本。对非居民用户天然气销售价格阶段性下调，对中小微企业生产经营所需的用水、用气，"
        "实行“欠费不停供”措施，缓缴期间免收欠费滞纳金，缓缴期满后三个月内补缴到位。",
        "保障项目用地需求。对受疫情影响不能按期缴纳土地出让价款的，可延期缴纳，延期期间不计收滞纳金；"
        "对不能按期开工、竣工的项目，可顺延相应期限。工业用地可采取先租后让、弹性年期等方式供应，"
        "降低企业初始用地成本。",
        "加强能源供应保障。电网企业和燃气企业要做好复工复产企业的能源供应，开辟报装绿色通道，"
        "对重点企业实行“一企一策”保供方案。因生产急需的新装、增容项目，压缩办电时间，实行“零上门、零审批、零投资”服务。",
    ),
    C.OTHER: (
        "明确驻企联络员职责。驻企联络员由后盾单位选派，驻点联系一至三家企业或重点项目，"
        "主要任务是宣传疫情防控和复工复产政策、指导企业落实防控措施、收集企业困难问题、协调有关部门解决，"
        "做到政策宣讲到位、防控指导到位、问题收集到位、协调服务到位。",
        "建立日汇报、日总结、日调度制度。驻企联络员每日通过手机端填报所联系企业的防疫状况、生产状况、"
        "困难问题和需要协调的部门，填报用时一般不超过五分钟；各级复工复产协调办每日汇总分析，"
        "对问题分类交办、限期办理，当天能解决的当天解决。",
        "实行问题分级化解。企业反映的问题原则上由县市区协调解决；县市区解决不了的，报市级协调办；"
        "需要省级层面协调的，由市级协调办汇总上报。问题办理情况实行销号管理，由提出问题的驻企联络员确认办结。",
        "加强联络员管理和关爱。驻企联络员实行双重管理，由派出单位负责日常管理，由企业所在县市区、园区负责工作调度。"
        "各地要为联络员购买意外保险，发放必要的交通、误餐补助，合理安排轮休，驻点结束时组织健康体检。",
    ),
}
CATEGORY_CLAUSES = {C.HANDBOOK: CLAUSES[C.RESUMPTION]}


def _place(run: DemoRun, code: str) -> str:
    return run.regions[code].name if code != "430000" else "全省"


def _body(run: DemoRun, planned: PlannedDocument) -> str:
    rng = random.Random(f"policy:{planned.title}")
    pool = CLAUSES[planned.category]
    clauses = rng.sample(pool, k=min(len(pool), rng.choice((3, 4, 4, 5))))
    numbered = [f"{NUMBERS[i]}、{clause}" for i, clause in enumerate(clauses)]
    return "\n\n".join([INTRO.format(place=_place(run, planned.region)), *numbered,
                        CLOSING.format(body=planned.issuing_body)])


def _summary(planned: PlannedDocument, clause_count: int) -> str:
    topics = "、".join(word.strip() for word in planned.keywords.split(",")[:3])
    return f"{planned.issuing_body}印发，共{clause_count}条，主要涉及{topics}等内容。"


def _handbook_body(run: DemoRun, planned: PlannedDocument, sources: list[PolicyDocument]) -> str:
    place = _place(run, planned.region)
    lines = [
        f"为方便驻企联络员走访企业时准确宣讲政策、帮助企业应享尽享，{planned.issuing_body}将国家、省、市出台的"
        f"援企稳岗、减税降费、金融支持等政策措施汇编成册，供{place}各级驻企联络员和企业对照使用。"
        "汇编按政策类别编排，每项政策列明发文机关、主要内容和办理渠道，具体以原文件为准。",
    ]
    for number, source in enumerate(sources, start=1):
        lines.append(f"（{number}）《{source.title}》，{source.issuing_body}发布。{source.summary}")
    lines.append(
        "使用说明：驻企联络员走访企业时，应先了解企业所属行业、规模和困难类型，再对照本汇编逐条筛选适用政策，"
        "帮助企业准备申报材料；对政策兑现中遇到的问题，通过日汇报如实反映，由复工复产协调办交办有关部门限期解决。"
        "本汇编将根据政策调整情况动态更新。"
    )
    return "\n\n".join(lines)


def step_policies(run: DemoRun) -> None:
    """The policy library: the planned documents first, then the handbooks compiled from them."""
    existing = set(PolicyDocument.objects.values_list("region__code", "title"))
    publishers = {user.username: user for user in get_user_model().objects.filter(
        username__in=OFFICE_LOGINS.values())}

    def publish(planned: PlannedDocument, **content) -> None:
        if planned.region not in run.regions or (planned.region, planned.title) in existing:
            return
        publisher = publishers.get(OFFICE_LOGINS.get(planned.region, ""), run.admin)
        policy_publish(actor=publisher, title=planned.title, issuing_body=planned.issuing_body,
                       issued_on=run.campaign_start + timedelta(days=planned.day), category=planned.category,
                       region=run.regions[planned.region], keywords=planned.keywords, **content)

    for planned in DOCUMENTS:
        body = _body(run, planned)
        publish(planned, body=body, summary=_summary(planned, body.count("\n\n") - 1))
    by_title = {document.title: document for document in PolicyDocument.objects.filter(
        title__in={title for handbook in HANDBOOKS for title in handbook.sources})}
    for planned in HANDBOOKS:
        sources = [by_title[title] for title in planned.sources if title in by_title]
        publish(planned, body=_handbook_body(run, planned, sources), sources=sources,
                summary=f"{planned.issuing_body}汇编的{len(sources)}项政策，供驻企联络员走访企业时对照宣讲、逐条落实。")
