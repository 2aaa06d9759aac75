from django.urls import path

from partners.views import consultations, directory, office

app_name = "partners"

urlpatterns = [
    path("", directory.partner_list, name="list"),
    # the office and the request pages come before <slug>/, so no partner can shadow them
    path("office/", office.office, name="office"),
    path("office/bookings/", office.booking_list, name="bookings"),
    path("office/bookings/<int:pk>/", office.booking_detail, name="booking"),
    path("office/bookings/<int:pk>/cancel/", office.booking_cancel, name="booking_cancel"),
    path("office/bookings/<int:pk>.ics", office.booking_calendar, name="booking_ics"),
    path("office/<slug:room>/book/", office.book, name="book"),
    path("requests/", consultations.request_list, name="requests"),
    path("requests/<int:pk>/", consultations.request_detail, name="request"),
    path("requests/<int:pk>.ics", consultations.request_calendar, name="request_ics"),
    path("requests/<int:pk>/deck/", consultations.deck, name="deck"),
    path("requests/<int:pk>/accept/", consultations.accept, name="accept"),
    path("requests/<int:pk>/propose/", consultations.propose, name="propose"),
    path("requests/<int:pk>/decline/", consultations.decline, name="decline"),
    path("requests/<int:pk>/times/", consultations.new_times, name="new_times"),
    path("requests/<int:pk>/withdraw/", consultations.withdraw, name="withdraw"),
    path("requests/<int:pk>/cancel/", consultations.cancel, name="cancel"),
    path("requests/<int:pk>/outcome/", consultations.outcome, name="outcome"),
    path("<slug:slug>/", directory.partner_detail, name="detail"),
    path("<slug:slug>/consult/", consultations.consult, name="consult"),
]
