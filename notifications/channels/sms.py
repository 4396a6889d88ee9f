"""SMS adapters. The default writes each text as one line to a file (or the log), so the embedded portal and the
tests show exactly what would be sent; `aliyun` sends through Aliyun's SMS service with its official SDK.

Chinese SMS providers send only pre-approved templates with parameters: the title travels as `${title}` of the
template named in settings (one for single notices, one for the morning digest with `${count}` and `${titles}`).
"""

import json
import logging
import os
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .base import Message, Result, plain_text

logger = logging.getLogger(__name__)

# Aliyun caps each template variable's length; longer values are refused (isv.PARAM_LENGTH_LIMIT).
TEMPLATE_VALUE_LIMIT = 35


class FileSmsAdapter:
    """One JSON line per text in <private files>/notifications/sms-YYYY-MM-DD.log (append: atomic per line)."""

    def send(self, message: Message) -> Result:
        folder = Path(settings.NOTIFICATIONS_SMS_FILE_DIR or Path(settings.PRIVATE_FILES_ROOT) / "notifications")
        now = timezone.localtime()
        provider_id = f"file-{uuid.uuid4().hex}"
        line = json.dumps({"at": now.isoformat(timespec="seconds"), "id": provider_id, "to": message.address,
                           "ref": message.reference, "text": plain_text(message)}, ensure_ascii=False) + "\n"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(folder / f"sms-{now.date().isoformat()}.log", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
            try:
                os.write(fd, line.encode())
            finally:
                os.close(fd)
        except OSError as error:  # a full or unmounted disk comes back
            return Result.retry(f"could not write the SMS file: {error}")
        return Result.sent(provider_id, "written to file")


class LogSmsAdapter:
    """Each text as one INFO line of the log."""

    def send(self, message: Message) -> Result:
        provider_id = f"log-{uuid.uuid4().hex}"
        logger.info("SMS %s to %s (%s): %s", provider_id, message.address, message.reference,
                    plain_text(message).replace("\n", " / "))
        return Result.sent(provider_id, "written to the log")


# Aliyun's answer codes (the SendSms API's Code) that a later try can overcome: rate limits, daily/monthly quotas,
# an account in arrears that gets topped up, the platform's own trouble. Every other code is about this message
# (number, template, signature, parameters) or the account's set-up, and trying again cannot help.
ALIYUN_RETRYABLE = {
    "isv.BUSINESS_LIMIT_CONTROL", "isv.DAY_LIMIT_CONTROL", "isv.MONTH_LIMIT_CONTROL", "isv.OUT_OF_SERVICE",
    "isv.AMOUNT_NOT_ENOUGH", "isp.SYSTEM_ERROR", "isp.GATEWAY_ERROR", "SignatureNonceUsed", "Throttling",
    "Throttling.User", "Throttling.Api", "ServiceUnavailable", "InternalError",
}


class AliyunSmsAdapter:
    """Aliyun SMS (dysmsapi 2017-05-25, `SendSms`), keys, signature and template codes from settings."""

    def __init__(self):
        from alibabacloud_dysmsapi20170525.client import Client
        from alibabacloud_tea_openapi.models import Config

        endpoint = settings.NOTIFICATIONS_ALIYUN_SMS_ENDPOINT
        protocol, _, host = endpoint.rpartition("://")
        timeout_ms = int(settings.NOTIFICATIONS_HTTP_TIMEOUT * 1000)
        self.client = Client(Config(
            access_key_id=settings.NOTIFICATIONS_ALIYUN_ACCESS_KEY_ID,
            access_key_secret=settings.NOTIFICATIONS_ALIYUN_ACCESS_KEY_SECRET,
            endpoint=host, protocol=protocol or "https", read_timeout=timeout_ms, connect_timeout=timeout_ms,
        ))

    def request(self, message: Message):
        from alibabacloud_dysmsapi20170525.models import SendSmsRequest

        if message.items:
            template = settings.NOTIFICATIONS_ALIYUN_SMS_DIGEST_TEMPLATE
            params = {"count": str(len(message.items)),
                      "titles": "；".join(message.items)[:TEMPLATE_VALUE_LIMIT]}
        else:
            template = settings.NOTIFICATIONS_ALIYUN_SMS_TEMPLATES.get(message.kind,
                                                                       settings.NOTIFICATIONS_ALIYUN_SMS_TEMPLATE)
            params = {"title": message.title[:TEMPLATE_VALUE_LIMIT]}
        return SendSmsRequest(phone_numbers=message.address, sign_name=settings.NOTIFICATIONS_ALIYUN_SMS_SIGN_NAME,
                              template_code=template, template_param=json.dumps(params, ensure_ascii=False),
                              out_id=message.reference[:64])

    def send(self, message: Message) -> Result:
        from alibabacloud_tea_openapi.exceptions import ClientException, ServerException, ThrottlingException

        try:
            response = self.client.send_sms(self.request(message))
        except ThrottlingException as error:
            return Result.retry(f"Aliyun throttled: {error.code}", str(getattr(error, "data", "") or ""))
        except ClientException as error:  # HTTP 4xx: the request itself (keys, signature, parameters)
            code = str(error.code)
            reason = f"Aliyun refused the request: {code} {error.message}"
            data = str(getattr(error, "data", "") or "")
            return Result.retry(reason, data) if code in ALIYUN_RETRYABLE else Result.permanent(reason, data)
        except ServerException as error:  # HTTP 5xx
            return Result.retry(f"Aliyun server error: {error.code} {error.message}",
                                str(getattr(error, "data", "") or ""))
        except Exception as error:  # the SDK wraps timeouts and refused connections (UnretryableException)
            return Result.retry(f"Aliyun unreachable: {type(error).__name__}: {error}")
        body = response.body
        answer = json.dumps(body.to_map(), ensure_ascii=False) if body is not None else ""
        code = getattr(body, "code", None)
        if code == "OK":
            return Result.sent(body.biz_id or "", answer)
        reason = f"Aliyun: {code} {getattr(body, 'message', '')}"
        return Result.retry(reason, answer) if code in ALIYUN_RETRYABLE else Result.permanent(reason, answer)


SMS_ADAPTERS = {"file": FileSmsAdapter, "log": LogSmsAdapter, "aliyun": AliyunSmsAdapter}


_adapters: dict[tuple, object] = {}


def sms_adapter():
    """The configured adapter, one per process and configuration (the SDK client keeps its connections)."""
    key = (settings.NOTIFICATIONS_SMS_BACKEND, settings.NOTIFICATIONS_ALIYUN_SMS_ENDPOINT,
           settings.NOTIFICATIONS_ALIYUN_ACCESS_KEY_ID, settings.NOTIFICATIONS_HTTP_TIMEOUT)
    if key not in _adapters:
        _adapters[key] = SMS_ADAPTERS[settings.NOTIFICATIONS_SMS_BACKEND]()
    return _adapters[key]
