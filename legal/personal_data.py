"""legal's part of the personal data inventory (see core/privacy.py).

The operator record and the legal texts are the office's, not a person's; a consent record
names the person who gave it and when (kept as proof of consent for as long as the account).
"""

from core.privacy import Category as C

_OFFICE = [
    "programme_name_ko",
    "programme_name_en",
    "partners_ko",
    "partners_en",
    "office_name_ko",
    "office_name_en",
    "address_ko",
    "address_en",
    "email",
    "phone",
    "contact_person_ko",
    "contact_person_en",
    "office_hours_ko",
    "office_hours_en",
    "copyright_holder_ko",
    "copyright_holder_en",
    "updated_at",
]

FIELDS = {
    "legal.SiteIdentity": dict.fromkeys(_OFFICE),
    "legal.LegalDocument": {"kind": None},
    "legal.LegalVersion": dict.fromkeys(
        [
            "document",
            "number",
            "body_ko",
            "body_en",
            "changes_ko",
            "changes_en",
            "effective_on",
            "is_published",
            "published_at",
            "created_at",
        ]
    ),
    "legal.ConsentRecord": {
        "user": C.IDENTITY,
        "item": C.LOG,
        "notice_version": None,
        "policy_version": None,
        "given_at": C.LOG,
    },
}

OWNERS = {"legal.ConsentRecord": {"user": None}}
