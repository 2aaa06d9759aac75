"""The notification the outbox tests send."""

KIND = "accounts.startup_invitation"
CONTEXT = {"startup": "홍릉테라퓨틱스", "inviter": "최창업", "url": "/invitations/abc/"}
