"""The certificate of attendance as a PDF (core.pdf: the Korean font embedded), in Korean and
English on one page, with the code and the address where anyone can verify it."""

from django.conf import settings
from django.utils.translation import gettext as _

from core.i18n import in_language
from core.pdf import Document
from core.timefmt import format_datetime
from events.models import Certificate


def certificate_pdf(certificate: Certificate) -> bytes:
    """The PDF bytes: the same page whoever downloads it (both languages, Korean first)."""
    verify_url = settings.SITE_URL + certificate.get_absolute_url()
    with in_language("ko"):
        title = _("Certificate of attendance")
    document = Document(title=title, author="Seoul BioHub Open Innovation")
    for language in ("ko", "en"):
        with in_language(language):
            document.heading(_("Certificate of attendance"))
            document.paragraph(
                _("This is to certify that %(name)s attended %(event)s on %(date)s.")
                % {
                    "name": certificate.holder_name,
                    "event": certificate.event_title,
                    "date": format_datetime(
                        certificate.event_starts_at, certificate.event_time_zone, language
                    ),
                }
            )
            document.paragraph(
                _("Verification code: %(code)s. Anyone can check it at %(url)s")
                % {"code": certificate.code, "url": verify_url}
            )
    return document.output()
