"""Wording of the roster's batch services (enterprises and officers apps): duplicates within a batch and in the
database."""

ZH_HANS = {
    "An enterprise with this credit code is already registered.": "该统一社会信用代码的企业已登记。",
    "A key project of this name is already registered in this region.": "本地区已登记同名的重点项目。",
    "The same key project is already on row %(row)d of this file.": "与本文件第 %(row)d 行的重点项目重复。",
    "%(region)s already has a backing unit named %(name)s.": "%(region)s 已有名为“%(name)s”的派出单位。",
    "The same backing unit is already on row %(row)d of this file.": "与本文件第 %(row)d 行的派出单位重复。",
}
