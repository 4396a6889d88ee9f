"""Each channel adapter against a local server that answers like the provider documents: success, a provider
error code (retryable or not), an HTTP error, and a timeout. An adapter never raises: it answers a Result."""

import base64
import hashlib
import hmac
import smtplib
import socket
from urllib.parse import quote_plus

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from notifications.channels import Message
from notifications.channels.email import EmailAdapter
from notifications.channels.robots import DingTalkRobotAdapter, WeComRobotAdapter
from notifications.channels.sms import AliyunSmsAdapter, FileSmsAdapter, LogSmsAdapter
from notifications.choices import AttemptOutcome
from tests.notifications.conftest import Answer, sms_lines

MESSAGE = Message(kind="dispatched", title="问题 1234 已交办给芙蓉区税务局", body="请于 3 月 12 日前办结。",
                  url="https://portal.example.gov.cn/problems/1234/", reference="77")


def wecom(provider, **changes):
    return Message(**{**MESSAGE.__dict__, "address": f"{provider.base}/cgi-bin/webhook/send?key=k1", **changes})


def dingtalk(provider, **changes):
    return Message(**{**MESSAGE.__dict__, "address": f"{provider.base}/robot/send?access_token=t1",
                      "secret": "SECsecret", **changes})


# --- WeCom group robot ------------------------------------------------------------------------------------------

def test_wecom_posts_a_markdown_message_and_reads_errcode_0_as_sent(provider):
    result = WeComRobotAdapter().send(wecom(provider))
    assert result.outcome == AttemptOutcome.SENT and '"errcode": 0' in result.answer
    seen = provider.requests[0]
    assert seen.path == "/cgi-bin/webhook/send" and seen.query == {"key": "k1"}
    payload = seen.json()
    assert payload["msgtype"] == "markdown"
    content = payload["markdown"]["content"]
    assert content.startswith("**问题 1234 已交办给芙蓉区税务局**") and "请于 3 月 12 日前办结。" in content
    assert "(https://portal.example.gov.cn/problems/1234/)" in content


def test_wecom_invalid_webhook_key_is_a_permanent_failure(provider):
    provider.answer(Answer(body={"errcode": 93000, "errmsg": "invalid webhook url, hint: [1672] from ip"}))
    result = WeComRobotAdapter().send(wecom(provider))
    assert result.outcome == AttemptOutcome.PERMANENT and "93000" in result.error


def test_wecom_rate_limit_and_server_errors_are_retryable(provider):
    provider.answer(Answer(body={"errcode": 45009, "errmsg": "api freq out of limit"}), Answer(status=502, body="x"))
    assert WeComRobotAdapter().send(wecom(provider)).outcome == AttemptOutcome.RETRY
    assert WeComRobotAdapter().send(wecom(provider)).outcome == AttemptOutcome.RETRY


def test_wecom_timeout_is_retryable(provider):
    provider.answer(provider.hang())
    result = WeComRobotAdapter().send(wecom(provider))
    assert result.outcome == AttemptOutcome.RETRY and "unreachable" in result.error


def test_a_long_message_is_cut_to_wecoms_4096_bytes(provider):
    WeComRobotAdapter().send(wecom(provider, body="长" * 3000))
    assert len(provider.requests[0].json()["markdown"]["content"].encode()) <= 4096


# --- DingTalk group robot ---------------------------------------------------------------------------------------

def test_dingtalk_signs_the_request_and_posts_markdown(provider):
    result = DingTalkRobotAdapter().send(dingtalk(provider))
    assert result.outcome == AttemptOutcome.SENT
    seen = provider.requests[0]
    assert seen.query["access_token"] == "t1"
    timestamp = seen.query["timestamp"]
    expected = base64.b64encode(hmac.new(b"SECsecret", f"{timestamp}\nSECsecret".encode(), hashlib.sha256)
                                .digest()).decode()
    assert seen.query["sign"] == expected  # what the robot's server checks against its own HmacSHA256
    assert f"sign={quote_plus(expected)}" in seen.raw  # url-encoded in the URL
    payload = seen.json()
    assert payload["msgtype"] == "markdown"
    assert payload["markdown"]["title"] == MESSAGE.title
    assert "[" in payload["markdown"]["text"] and "(https://portal.example.gov.cn/problems/1234/)" in \
        payload["markdown"]["text"]


def test_dingtalk_without_a_secret_posts_unsigned(provider):
    DingTalkRobotAdapter().send(dingtalk(provider, secret=""))
    assert "sign" not in provider.requests[0].query


def test_dingtalk_bad_signature_or_keyword_is_permanent(provider):
    provider.answer(Answer(body={"errcode": 310000, "errmsg": "sign not match"}))
    result = DingTalkRobotAdapter().send(dingtalk(provider))
    assert result.outcome == AttemptOutcome.PERMANENT and "310000" in result.error


def test_dingtalk_send_too_fast_and_timeout_are_retryable(provider):
    provider.answer(Answer(body={"errcode": 130101, "errmsg": "send too fast"}), provider.hang())
    assert DingTalkRobotAdapter().send(dingtalk(provider)).outcome == AttemptOutcome.RETRY
    assert DingTalkRobotAdapter().send(dingtalk(provider)).outcome == AttemptOutcome.RETRY


def test_a_webhook_answering_something_else_than_json_is_retried(provider):
    provider.answer(Answer(body="<html>gateway</html>"))
    assert DingTalkRobotAdapter().send(dingtalk(provider)).outcome == AttemptOutcome.RETRY


def test_a_refused_connection_is_retryable():
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    result = WeComRobotAdapter().send(Message(kind="x", title="t", body="", address=f"http://127.0.0.1:{port}/?key=1"))
    assert result.outcome == AttemptOutcome.RETRY


# --- Aliyun SMS through its official SDK --------------------------------------------------------------------------

def aliyun(settings, provider):
    settings.NOTIFICATIONS_ALIYUN_SMS_ENDPOINT = f"http://127.0.0.1:{provider.server.server_address[1]}"
    settings.NOTIFICATIONS_ALIYUN_ACCESS_KEY_ID = "LTAI-test"
    settings.NOTIFICATIONS_ALIYUN_ACCESS_KEY_SECRET = "secret-test"
    settings.NOTIFICATIONS_ALIYUN_SMS_SIGN_NAME = "湖南驻企联络"
    settings.NOTIFICATIONS_ALIYUN_SMS_TEMPLATE = "SMS_100000001"
    settings.NOTIFICATIONS_ALIYUN_SMS_TEMPLATES = {"escalated": "SMS_100000009"}
    settings.NOTIFICATIONS_ALIYUN_SMS_DIGEST_TEMPLATE = "SMS_100000002"
    return AliyunSmsAdapter()


def sms(**changes):
    return Message(**{**MESSAGE.__dict__, "address": "13912345678", **changes})


OK = {"Code": "OK", "Message": "OK", "BizId": "900619746936498440^0", "RequestId": "F655A8D5-B967-440B-8683"}


def test_aliyun_sends_the_template_with_the_title_and_keeps_the_biz_id(settings, provider):
    provider.answer(Answer(body=OK))
    result = aliyun(settings, provider).send(sms())
    assert result.outcome == AttemptOutcome.SENT and result.provider_message_id == "900619746936498440^0"
    seen = provider.requests[0]
    params = {**seen.query, **seen.form}
    assert params["PhoneNumbers"] == "13912345678" and params["SignName"] == "湖南驻企联络"
    assert params["TemplateCode"] == "SMS_100000001" and params["OutId"] == "77"
    assert '"title": "问题 1234 已交办给芙蓉区税务局"' in params["TemplateParam"]
    assert seen.headers.get("x-acs-action") == "SendSms" and "ACS3-HMAC-SHA256" in seen.headers["Authorization"]


def test_aliyun_uses_the_kinds_own_template_and_the_digest_template(settings, provider):
    provider.answer(Answer(body=OK), Answer(body=OK))
    adapter = aliyun(settings, provider)
    adapter.send(sms(kind="escalated"))
    adapter.send(sms(kind="digest", items=("一", "二")))
    first, digest = ({**seen.query, **seen.form} for seen in provider.requests)
    assert first["TemplateCode"] == "SMS_100000009"
    assert digest["TemplateCode"] == "SMS_100000002" and '"count": "2"' in digest["TemplateParam"]


def test_aliyun_illegal_number_is_permanent(settings, provider):
    provider.answer(Answer(body={"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号", "RequestId": "r1"}))
    result = aliyun(settings, provider).send(sms())
    assert result.outcome == AttemptOutcome.PERMANENT and "isv.MOBILE_NUMBER_ILLEGAL" in result.error
    assert "非法手机号" in result.answer


def test_aliyun_flow_control_is_retryable(settings, provider):
    provider.answer(Answer(body={"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发分钟级流控Permits:1"}))
    assert aliyun(settings, provider).send(sms()).outcome == AttemptOutcome.RETRY


def test_aliyun_refusing_the_keys_is_permanent_and_its_5xx_retryable(settings, provider):
    provider.answer(Answer(status=404, body={"Code": "InvalidAccessKeyId.NotFound", "Message": "Specified access "
                                                                                               "key is not found."}),
                    Answer(status=503, body={"Code": "ServiceUnavailable", "Message": "busy"}))
    adapter = aliyun(settings, provider)
    refused = adapter.send(sms())
    assert refused.outcome == AttemptOutcome.PERMANENT and "InvalidAccessKeyId.NotFound" in refused.error
    assert adapter.send(sms()).outcome == AttemptOutcome.RETRY


def test_aliyun_timeout_is_retryable(settings, provider):
    provider.answer(provider.hang())
    result = aliyun(settings, provider).send(sms())
    assert result.outcome == AttemptOutcome.RETRY and "unreachable" in result.error


# --- the file and log SMS adapters, e-mail --------------------------------------------------------------------

def test_the_file_adapter_writes_one_line_per_text(settings):
    result = FileSmsAdapter().send(sms())
    FileSmsAdapter().send(sms(address="13800000000"))
    lines = sms_lines(settings)
    assert result.outcome == AttemptOutcome.SENT and lines[0]["id"] == result.provider_message_id
    assert [line["to"] for line in lines] == ["13912345678", "13800000000"]
    assert lines[0]["text"].startswith("问题 1234 已交办给芙蓉区税务局\n请于") and lines[0]["ref"] == "77"


def test_an_unwritable_sms_folder_is_retryable(settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.NOTIFICATIONS_SMS_FILE_DIR = str(blocker)
    assert FileSmsAdapter().send(sms()).outcome == AttemptOutcome.RETRY


def test_the_log_adapter_writes_the_text_to_the_log(caplog):
    with caplog.at_level("INFO", logger="notifications.channels.sms"):
        assert LogSmsAdapter().send(sms()).outcome == AttemptOutcome.SENT
    assert "13912345678" in caplog.text and "问题 1234" in caplog.text


def test_email_goes_through_djangos_backend_with_a_message_id():
    result = EmailAdapter().send(Message(**{**MESSAGE.__dict__, "address": "li.ming@furong.gov.cn"}))
    assert result.outcome == AttemptOutcome.SENT and result.provider_message_id.startswith("<")
    sent = mail.outbox[0]
    assert sent.to == ["li.ming@furong.gov.cn"] and sent.subject == MESSAGE.title
    assert MESSAGE.url in sent.body and sent.extra_headers["Message-ID"] == result.provider_message_id


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"nobody@furong.gov.cn": (550, b"5.1.1 no such user")})


def test_email_to_a_refused_address_is_permanent(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    assert EmailAdapter().send(sms(address="nobody@furong.gov.cn")).outcome == AttemptOutcome.PERMANENT


def test_email_with_the_mail_server_down_is_retryable(settings):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    assert EmailAdapter().send(sms(address="li.ming@furong.gov.cn")).outcome == AttemptOutcome.RETRY
