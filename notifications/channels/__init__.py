"""Channel adapters: each turns a Message into a Result (see base.py). In-app needs none: the Notice row is the
in-app delivery, so it has no outbox row."""

from ..choices import Channel
from .base import Message, Result
from .email import EmailAdapter
from .robots import DingTalkRobotAdapter, WeComRobotAdapter
from .sms import sms_adapter

__all__ = ["Message", "Result", "adapter_for"]


def adapter_for(channel: str):
    if channel == Channel.SMS:
        return sms_adapter()
    return {Channel.EMAIL: EmailAdapter, Channel.WECOM: WeComRobotAdapter,
            Channel.DINGTALK: DingTalkRobotAdapter}[channel]()
