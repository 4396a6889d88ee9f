"""WeCom and DingTalk group robots: a markdown message POSTed as JSON to the group's webhook.

Both answer HTTP 200 with {"errcode": 0, "errmsg": "ok"} on success and another errcode on failure; a robot has
no message id, so the answer itself is kept. DingTalk's signed mode adds `timestamp` (ms) and `sign` =
urlencode(base64(HmacSHA256(secret, "<timestamp>\\n<secret>"))) to the URL.
"""

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from urllib.parse import quote_plus

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override

from .base import Message, Result

# errcodes worth another try: the platform busy (-1) and the per-robot rate limits (WeCom 45009, 20 a minute;
# DingTalk 130101 "send too fast", 410100 flow-controlled, 90030 webhook over limit). Others (93000 invalid
# webhook key, 310000 bad signature / keyword / IP, 300001 token gone, 400xxx bad message) stay failed.
WECOM_RETRYABLE = {-1, 45009, 45033}
DINGTALK_RETRYABLE = {-1, 130101, 410100, 90030}

WECOM_MARKDOWN_LIMIT = 4096  # bytes
DINGTALK_MARKDOWN_LIMIT = 5000


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    string_to_sign = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), string_to_sign, digestmod=hashlib.sha256).digest()
    return quote_plus(base64.b64encode(digest).decode())


def _clip(text: str, limit_bytes: int) -> str:
    raw = text.encode()
    return text if len(raw) <= limit_bytes else raw[:limit_bytes - 3].decode(errors="ignore") + "…"


def markdown(message: Message) -> str:
    lines = [f"**{message.title}**"]
    if message.body and message.body != message.title:
        lines.append(message.body)
    lines.extend(f"- {item}" for item in message.items)
    if message.url:
        with override(settings.LANGUAGE_CODE):
            link_text = _("Open in the portal")
        lines.append(f"[{link_text}]({message.url})")
    return "\n\n".join(lines)


def post_json(url: str, payload: dict, retryable: set[int]) -> Result:
    data = json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=settings.NOTIFICATIONS_HTTP_TIMEOUT) as response:
            answer = response.read(64 * 1024).decode(errors="replace")
    except urllib.error.HTTPError as error:
        answer = error.read(4096).decode(errors="replace")
        reason = f"HTTP {error.code} from the robot's webhook"
        return Result.retry(reason, answer) if error.code >= 500 or error.code == 429 else Result.permanent(
            reason, answer)
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
        return Result.retry(f"webhook unreachable: {getattr(error, 'reason', error)}")
    try:
        errcode = int(json.loads(answer).get("errcode"))
    except (ValueError, TypeError, AttributeError):
        return Result.retry("the webhook's answer is not the robot's JSON", answer)
    if errcode == 0:
        return Result.sent("", answer)
    reason = f"errcode {errcode}: {json.loads(answer).get('errmsg', '')}"
    return Result.retry(reason, answer) if errcode in retryable else Result.permanent(reason, answer)


class WeComRobotAdapter:
    def send(self, message: Message) -> Result:
        payload = {"msgtype": "markdown", "markdown": {"content": _clip(markdown(message), WECOM_MARKDOWN_LIMIT)}}
        return post_json(message.address, payload, WECOM_RETRYABLE)


class DingTalkRobotAdapter:
    def send(self, message: Message) -> Result:
        url = message.address
        if message.secret:
            timestamp = int(time.time() * 1000)
            url += f"{'&' if '?' in url else '?'}timestamp={timestamp}&sign={dingtalk_sign(message.secret, timestamp)}"
        payload = {"msgtype": "markdown",
                   "markdown": {"title": message.title[:64],
                                "text": _clip(markdown(message), DINGTALK_MARKDOWN_LIMIT)}}
        return post_json(url, payload, DINGTALK_RETRYABLE)
