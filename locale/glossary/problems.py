ZH_HANS = {
    "version": "版本",
    "the system": "系统",
    "This problem was changed after you opened it. Nothing was saved: look at it again and decide.":
        "您打开此问题后，它已被他人修改。本次操作未保存：请查看最新情况后再处理。",
    "This problem was changed after you opened it: by %(who)s at %(when)s (%(action)s; it is now “%(status)s”). "
    "Nothing was saved: look at it again and decide.":
        "您打开此问题后，%(who)s 于 %(when)s 修改了它（%(action)s，当前为“%(status)s”）。本次操作未保存：请查看最新"
        "情况后再处理。",
}
