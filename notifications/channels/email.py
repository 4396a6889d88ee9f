"""E-mail through Django's configured backend (SMTP in production, the console when embedded)."""

import smtplib
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from .base import Message, Result, plain_text


class EmailAdapter:
    def send(self, message: Message) -> Result:
        message_id = make_msgid(domain=settings.NOTIFICATIONS_EMAIL_DOMAIN)
        email = EmailMessage(subject=message.title, body=plain_text(message), from_email=settings.DEFAULT_FROM_EMAIL,
                             to=[message.address], headers={"Message-ID": message_id})
        try:
            get_connection(timeout=settings.NOTIFICATIONS_HTTP_TIMEOUT).send_messages([email])
        except smtplib.SMTPRecipientsRefused as error:
            return Result.permanent(f"the mail server refused the address: {error.recipients}")
        except smtplib.SMTPResponseException as error:
            reason = f"SMTP {error.smtp_code}: {error.smtp_error!r}"
            # 5xx is the server's final word on this message; 4xx (greylisting, a full queue) passes.
            return Result.permanent(reason) if 500 <= error.smtp_code < 600 else Result.retry(reason)
        except (TimeoutError, smtplib.SMTPException, OSError) as error:
            return Result.retry(f"{type(error).__name__}: {error}")
        return Result.sent(message_id, "accepted by the mail backend")
