"""What every channel adapter takes and answers: `send(message) -> Result`.

An adapter never raises for a provider's answer: it says whether the message went out (with the provider's id),
failed in a way worth trying again (a timeout, a 5xx, a rate limit), or failed for good (a bad number, a revoked
robot) with the reason. The delivery service turns that into the outbox row's state.
"""

from dataclasses import dataclass, field
from typing import Protocol

from ..choices import AttemptOutcome

ANSWER_LIMIT = 2000


@dataclass(frozen=True)
class Message:
    """One message to one address: the notice's words and a link back into the portal."""

    kind: str
    title: str
    body: str = ""
    url: str = ""  # absolute
    address: str = ""  # e-mail address, mobile number, or the robot's webhook URL
    secret: str = ""  # a DingTalk robot's signing secret
    reference: str = ""  # our id for it (the delivery), passed where a provider keeps one (Aliyun's OutId)
    items: tuple = field(default_factory=tuple)  # a digest's titles


@dataclass(frozen=True)
class Result:
    outcome: str
    provider_message_id: str = ""
    answer: str = ""
    error: str = ""

    @classmethod
    def sent(cls, provider_message_id: str = "", answer: str = "") -> "Result":
        return cls(AttemptOutcome.SENT, provider_message_id[:128], answer[:ANSWER_LIMIT])

    @classmethod
    def retry(cls, error: str, answer: str = "") -> "Result":
        return cls(AttemptOutcome.RETRY, "", answer[:ANSWER_LIMIT], error[:ANSWER_LIMIT])

    @classmethod
    def permanent(cls, error: str, answer: str = "") -> "Result":
        return cls(AttemptOutcome.PERMANENT, "", answer[:ANSWER_LIMIT], error[:ANSWER_LIMIT])

    @property
    def is_sent(self) -> bool:
        return self.outcome == AttemptOutcome.SENT


class Adapter(Protocol):
    def send(self, message: Message) -> Result: ...


def plain_text(message: Message) -> str:
    """The message as text (e-mail body, file/console SMS): title, body, link."""
    lines = [message.title]
    if message.body and message.body != message.title:
        lines.append(message.body)
    if message.items:
        lines.extend(f"- {item}" for item in message.items)
    if message.url:
        lines.append(message.url)
    return "\n".join(lines)
