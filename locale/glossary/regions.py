"""Simplified Chinese wording of the regions app's tree changes (region_move)."""

ZH_HANS = {
    "A region code cannot be empty or contain “%(separator)s”.": "地区代码不能为空，也不能包含“%(separator)s”。",
    "Another region already has the code %(code)s.": "代码 %(code)s 已被其他地区使用。",
    "%(region)s cannot move under itself or one of its own subregions.":
        "%(region)s 不能调整到其自身或其下级地区之下。",
    "This code makes the paths of the regions below too long.": "该代码使下级地区的层级路径过长。",
    "%(region)s cannot move under %(parent)s: %(rows)s of its enterprises and officers belong to an office that "
    "would no longer contain them. End or move those first.":
        "%(region)s 不能调整到 %(parent)s 之下：其企业和联络员的 %(rows)s 所属单位调整后将不再包含它们。"
        "请先结束或调整这些记录。",
    "Only an administrator may change the region tree.": "只有系统管理员可以调整地区层级。",
}
