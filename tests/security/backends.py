"""An email backend for the log tests, chosen with EMAIL_BACKEND (in a worker process too)."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class RecipientRefusedBackend(BaseEmailBackend):
    """An SMTP server that refuses every recipient, as a real one does, naming the address in
    the error: the exception's text carries personal data."""

    def send_messages(self, email_messages):
        refused = {
            address: (550, f"5.1.1 <{address}>: Recipient address rejected".encode())
            for message in email_messages
            for address in message.recipients()
        }
        raise smtplib.SMTPRecipientsRefused(refused)
