ZH_HANS = {
    "Service temporarily unavailable": "服务暂时不可用",
    "The portal cannot reach its database just now. If you were saving something, check it once the page is back.":
        "平台暂时无法连接数据库。如果您刚才在保存内容，请在页面恢复后核对是否已保存。",
    "This page tries again by itself in %(retry_after)s seconds; you can also <a href=\"%(path)s\">try again</a> now.":
        "本页面将在 %(retry_after)s 秒后自动重试；您也可以现在<a href=\"%(path)s\">重试</a>。",
    "The database cannot be reached just now. Retry in a moment with the same Idempotency-Key: a write is saved once, "
    "never twice.": "暂时无法连接数据库。请稍后使用相同的 Idempotency-Key 重试：同一次写入只会保存一次，不会重复。",
}
