"""Wording of spreadsheets/reading.py: what a user reads when an uploaded file is refused."""

ZH_HANS = {
    "This file is not a spreadsheet that can be read (or it is damaged). Please save it from Excel or WPS as .xlsx "
    "(or as CSV) and upload it again.":
        "该文件不是可读取的表格（或已损坏）。请用 Excel 或 WPS 另存为 .xlsx（或 CSV）后重新上传。",
    "The file has more than %(max)s data rows, the most one import accepts. Please split it into smaller files.":
        "文件数据超过 %(max)s 行，超出单次导入上限。请拆分为多个较小的文件。",
    "The file contains XML entity declarations, which are not accepted (a spreadsheet saved by Excel or WPS never "
    "has them). Please save it again from Excel or WPS.":
        "文件含有 XML 实体声明，不予接收（Excel 或 WPS 保存的表格不会含有）。请用 Excel 或 WPS 重新保存。",
    "The file is %(size)s MB; at most %(max)s MB can be uploaded. Please split it into smaller files.":
        "文件大小为 %(size)s MB，最多只能上传 %(max)s MB。请拆分为多个较小的文件。",
    "This is an old-style .xls workbook. Please save it from Excel or WPS as .xlsx and upload it again.":
        "这是旧版 .xls 工作簿。请用 Excel 或 WPS 另存为 .xlsx 后重新上传。",
    "Only .xlsx and .csv files can be imported.": "只能导入 .xlsx 或 .csv 文件。",
    "Required columns are missing: %(columns)s.": "缺少必填列：%(columns)s。",
    "Unknown columns: %(columns)s.": "无法识别的列：%(columns)s。",
    "Columns appear twice: %(columns)s.": "列重复出现：%(columns)s。",
    "Please use the template's header row: %(columns)s.": "请使用模板的表头：%(columns)s。",
    "Row %(row)d, column %(column)s holds a formula (%(text)s). Formulas are not accepted: please paste the values "
    "instead (Paste Special, Values).":
        "第 %(row)d 行“%(column)s”列含有公式（%(text)s）。不接受公式，请改为粘贴数值（选择性粘贴 → 数值）。",
    "The file holds %(count)s parts; a spreadsheet may hold at most %(max)s. It is not accepted.":
        "文件包含 %(count)s 个部件，表格最多允许 %(max)s 个，不予接收。",
    "The file would expand to %(size)s MB when opened, more than the %(max)s MB allowed. It is not accepted.":
        "文件打开后将解压为 %(size)s MB，超过允许的 %(max)s MB，不予接收。",
    "The file is encrypted or password-protected. Please remove the password and upload it again.":
        "文件已加密或设有密码。请取消密码后重新上传。",
    "The file is compressed far more than a real spreadsheet (more than %(ratio)s to 1). It is not accepted.":
        "文件的压缩比远超正常表格（超过 %(ratio)s 比 1），不予接收。",
    "Spreadsheet uploads are switched off: the server lacks its XML protection (defusedxml).":
        "表格上传已停用：服务器缺少 XML 防护组件（defusedxml）。",
    "Row %(bad)d is not in the same text encoding as row %(good)d (the file mixes UTF-8 with GBK/GB18030). Please "
    "save the whole file again in one encoding, e.g. from Excel as \"CSV UTF-8\".":
        "第 %(bad)d 行与第 %(good)d 行的文字编码不同（文件混用了 UTF-8 与 GBK/GB18030）。"
        "请将整个文件以同一种编码重新保存，例如在 Excel 中另存为“CSV UTF-8”。",
    "Row %(row)d cannot be read as UTF-8 or GBK/GB18030 text. Please save the file again from Excel as \"CSV "
    "UTF-8\".":
        "第 %(row)d 行无法按 UTF-8 或 GBK/GB18030 读取。请在 Excel 中另存为“CSV UTF-8”后重新上传。",
    "Row %(row)d of the file cannot be read as CSV (%(error)s).": "文件第 %(row)d 行无法按 CSV 读取（%(error)s）。",
    "The file is larger than %(max)s MB and was not accepted. Please split it into smaller files.":
        "文件超过 %(max)s MB，未被接收。请拆分为多个较小的文件。",
}
