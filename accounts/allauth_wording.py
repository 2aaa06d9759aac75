"""allauth's messages whose Korean our catalogue words differently.

allauth's Korean catalogue says 패스워드 in a few places and 비밀번호 everywhere else; the site
says 비밀번호. Our locale/ comes first in LOCALE_PATHS, so an entry there wins over allauth's;
naming the msgids here keeps those entries in our catalogue through `make messages`
(--no-obsolete drops msgids that no source of ours uses).
"""

from django.utils.translation import gettext_noop

WORDED_OUR_WAY = [
    gettext_noop("Enter your password:"),  # the reauthentication page (allauth: 패스워드 입력:)
]
