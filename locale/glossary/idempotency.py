ZH_HANS = {
    "The Idempotency-Key header must be 1 to %(n)d printable ASCII characters (letters, digits, punctuation; no "
    "control or non-ASCII characters), for example a UUID.":
        "Idempotency-Key 请求头必须是 1 至 %(n)d 个可打印 ASCII 字符（字母、数字、标点；不能含控制字符或非 ASCII "
        "字符），例如一个 UUID。",
}
