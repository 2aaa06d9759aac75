from partners.models import Partner


def programme_partners():
    """The partners that run the programme, for the home page."""
    return Partner.objects.filter(is_published=True, is_programme_founder=True)
