"""Simplified Chinese input formats with ISO dates first.

Django's zh_Hans formats put "%Y/%m/%d" first, and a form widget writes its value in the first input format; a phone's
<input type="date"> only takes yyyy-mm-dd, so every prefilled date showed up empty. Reading still accepts the slash
and 年月日 forms people type (Django's own "%Y年%n月%j日" is not a strptime format: %j is the day of the year).
"""

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f",
    "%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日 %H:%M:%S",
]
