"""Reads of the partnering office: the directory, requests, and rooms' free and busy times."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.utils import timezone

from accounts.selectors import is_startup_member
from core.slots import local_instant
from partners.models import (
    BOOKING_STEP_MINUTES,
    OFFICE_TZ,
    TIMES_OFFERED_BY,
    BookingStatus,
    ClosedDate,
    ConsultationRequest,
    ConsultationStatus,
    OpeningHours,
    Outcome,
    Partner,
    ProposedBy,
    Room,
    RoomBooking,
)

STEP = timedelta(minutes=BOOKING_STEP_MINUTES)


def programme_partners():
    """The partners that run the programme, for the home page."""
    return Partner.objects.filter(is_published=True, is_programme_founder=True)


def published_partners():
    """The partner directory, with the areas each partner is interested in."""
    return Partner.objects.filter(is_published=True).prefetch_related("areas_of_interest")


def is_partner_rep(user, partner: Partner) -> bool:
    """The user represents the partner (one of its PartnerMember rows)."""
    return user.is_authenticated and partner.members.filter(user=user).exists()


def partner_people(partner: Partner) -> list:
    """The partner's representatives as users, for notifications and invitations."""
    return [member.user for member in partner.members.select_related("user")]


def consultation_side(consultation: ConsultationRequest, user) -> str | None:
    """The side `user` acts for on this consultation: the partner's (checked first), the
    startup's, or None."""
    if is_partner_rep(user, consultation.partner):
        return ProposedBy.PARTNER
    if is_startup_member(user, consultation.startup):
        return ProposedBy.STARTUP
    return None


def offered_times(consultation: ConsultationRequest):
    """The times the answering side may accept: the startup's while the request waits for the
    partner, else the partner's (a closed request keeps them, so that accepting again is refused
    by the service with the consultation's status, not by the form)."""
    if consultation.status == ConsultationStatus.REQUESTED:
        side = TIMES_OFFERED_BY[ConsultationStatus.REQUESTED]
    else:
        side = ProposedBy.PARTNER
    return consultation.proposed_times.filter(proposed_by=side, withdrawn=False)


def available_actions(consultation: ConsultationRequest, user, *, now: datetime) -> set[str]:
    """The steps `user` may take on the consultation now, as the services allow them: the
    partner's reps answer a request (accept, propose, decline); the startup's members answer a
    proposed time (accept, new_times) and may withdraw an open request; either side cancels an
    agreed meeting before it starts, and records an outcome once it is over."""
    rep = is_partner_rep(user, consultation.partner)
    member = is_startup_member(user, consultation.startup)
    status = consultation.status
    actions = set()
    if rep and status == ConsultationStatus.REQUESTED:
        actions |= {"accept", "propose", "decline"}
    if member and status == ConsultationStatus.PROPOSED:
        actions |= {"accept", "new_times"}
    if member and consultation.is_open:
        actions.add("withdraw")
    if (rep or member) and status == ConsultationStatus.ACCEPTED:
        if consultation.starts_at > now:
            actions.add("cancel")
        if consultation.ends_at <= now:
            actions.add("outcome")
    return actions


def requests_for(user):
    """The consultation requests a user may see on /partners/requests/: their partners' (as a
    rep) and their startups' (as a founder). Nobody else's."""
    return (
        ConsultationRequest.objects.filter(
            Q(partner__members__user=user) | Q(startup__memberships__user=user)
        )
        .distinct()
        .select_related("partner", "startup", "area", "booking__room")
        .prefetch_related("proposed_times")
        .order_by("-created_at")
    )


def bookings_for(user):
    """Room bookings a user made or that belong to their startup or partner."""
    return (
        RoomBooking.objects.filter(
            Q(booked_by=user) | Q(startup__memberships__user=user) | Q(partner__members__user=user)
        )
        .distinct()
        .select_related("room", "startup", "partner")
        .order_by("-starts_at")
    )


def closure_on(room: Room, day: date) -> ClosedDate | None:
    """The closure of `day` for this room (its own or the whole office's), if any."""
    return (
        ClosedDate.objects.filter(Q(room=room) | Q(room__isnull=True), date=day)
        .order_by("room_id")
        .first()
    )


def opening_window(room: Room, day: date) -> tuple[datetime, datetime] | None:
    """The room's opening hours on `day` as UTC instants, or None when it does not open."""
    hours = OpeningHours.objects.filter(room=room, weekday=day.weekday()).first()
    if hours is None:
        return None
    return local_instant(day, hours.opens, OFFICE_TZ), local_instant(day, hours.closes, OFFICE_TZ)


def confirmed_overlapping(room: Room, starts_at: datetime, ends_at: datetime):
    """The room's confirmed bookings that overlap the range (the ones that hold it)."""
    return RoomBooking.objects.filter(
        room=room,
        status=BookingStatus.CONFIRMED,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )


def free_meeting_room(starts_at: datetime, ends_at: datetime) -> Room | None:
    """The first active room open to partners that no confirmed booking holds in the range."""
    for room in Room.objects.filter(is_active=True, open_to_partners=True).order_by(
        "sort_order", "capacity"
    ):
        if not confirmed_overlapping(room, starts_at, ends_at).exists():
            return room
    return None


def booking_cancellable(booking: RoomBooking, *, now: datetime) -> bool:
    """Its booker may cancel it: active, not over, and not a consultation's meeting (that one
    is cancelled with the consultation)."""
    return booking.is_active and booking.ends_at > now and not hasattr(booking, "consultation")


@dataclass(frozen=True)
class Block:
    """A stretch of a room's day. `kind` is free, busy (someone's confirmed booking), pending
    (someone's request awaiting approval), mine, or past (free time that can no longer be
    booked). Nothing says whose a busy block is."""

    starts_at: datetime
    ends_at: datetime
    kind: str


@dataclass
class RoomDay:
    room: Room
    day: date
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    closed_reason: str = ""
    blocks: list[Block] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.opens_at is not None and not self.closed_reason


def first_bookable_start(now: datetime) -> datetime:
    """The earliest start a booking made at `now` may have: `now` itself when it falls on a
    booking step (the hour or the half hour, office time), else the next step."""
    local = timezone.localtime(now, OFFICE_TZ)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    steps = -((midnight - local) // STEP)  # ceiling division
    return local_instant(local.date(), datetime.min.time(), OFFICE_TZ) + steps * STEP


def office_schedule(
    *, first_day: date, days: int, viewer, rooms=None, now: datetime | None = None
) -> list[list[RoomDay]]:
    """For each active room, one RoomDay per day: opening hours, closures, and blocks.

    Free time before `now` (rounded up to the next booking step) is a "past" block: shown,
    never offered. Constant queries whatever the number of rooms, days and bookings. Another
    booker's purpose, name and organisation never leave this function: only times and a kind.
    """
    bookable_from = first_bookable_start(now or timezone.now())
    rooms = list(rooms if rooms is not None else Room.objects.filter(is_active=True))
    last_day = first_day + timedelta(days=days - 1)
    hours = {(h.room_id, h.weekday): h for h in OpeningHours.objects.filter(room__in=rooms)}
    closures = {}
    for closure in ClosedDate.objects.filter(
        Q(room__in=rooms) | Q(room__isnull=True), date__range=(first_day, last_day)
    ):
        closures.setdefault((closure.room_id, closure.date), closure)
    window_start = local_instant(first_day, datetime.min.time(), OFFICE_TZ)
    window_end = local_instant(last_day + timedelta(days=1), datetime.min.time(), OFFICE_TZ)
    bookings = RoomBooking.objects.filter(
        room__in=rooms,
        status__in=(BookingStatus.PENDING, BookingStatus.CONFIRMED),
        starts_at__lt=window_end,
        ends_at__gt=window_start,
    ).values("room_id", "starts_at", "ends_at", "status", "booked_by_id")
    by_room: dict[int, list[dict]] = {}
    for row in bookings:
        by_room.setdefault(row["room_id"], []).append(row)
    viewer_id = viewer.pk if viewer is not None and viewer.is_authenticated else None
    schedule = []
    for room in rooms:
        row = []
        for offset in range(days):
            day = first_day + timedelta(days=offset)
            room_day = RoomDay(room=room, day=day)
            closure = closures.get((room.pk, day)) or closures.get((None, day))
            h = hours.get((room.pk, day.weekday()))
            if closure is not None:
                room_day.closed_reason = closure.reason or "-"
            if h is not None:
                room_day.opens_at = local_instant(day, h.opens, OFFICE_TZ)
                room_day.closes_at = local_instant(day, h.closes, OFFICE_TZ)
            if room_day.is_open:
                room_day.blocks = _blocks(
                    room_day, by_room.get(room.pk, []), viewer_id, bookable_from
                )
            row.append(room_day)
        schedule.append(row)
    return schedule


def _split_past(block: Block, bookable_from: datetime) -> list[Block]:
    if block.kind != "free" or block.starts_at >= bookable_from:
        return [block]
    if block.ends_at <= bookable_from:
        return [Block(block.starts_at, block.ends_at, "past")]
    return [
        Block(block.starts_at, bookable_from, "past"),
        Block(bookable_from, block.ends_at, "free"),
    ]


def _blocks(
    room_day: RoomDay, bookings: list[dict], viewer_id, bookable_from: datetime
) -> list[Block]:
    opens, closes = room_day.opens_at, room_day.closes_at
    taken = []
    for b in bookings:
        start, end = max(b["starts_at"], opens), min(b["ends_at"], closes)
        if start >= end:
            continue
        if b["booked_by_id"] == viewer_id:
            kind = "mine"
        elif b["status"] == BookingStatus.CONFIRMED:
            kind = "busy"
        else:
            kind = "pending"
        taken.append(Block(start, end, kind))
    taken.sort(key=lambda block: (block.starts_at, block.kind != "busy"))
    blocks, cursor = [], opens
    confirmed = sorted((t for t in taken if t.kind != "pending"), key=lambda block: block.starts_at)
    for block in confirmed:
        if block.starts_at > cursor:
            blocks.append(Block(cursor, block.starts_at, "free"))
        blocks.append(block)
        cursor = max(cursor, block.ends_at)
    if cursor < closes:
        blocks.append(Block(cursor, closes, "free"))
    blocks = [part for block in blocks for part in _split_past(block, bookable_from)]
    # Pending requests do not hold the room; they are shown next to the free time they want.
    blocks.extend(t for t in taken if t.kind == "pending")
    return sorted(blocks, key=lambda block: (block.starts_at, block.kind))


def partner_summary():
    """Per partner: requests, accepted, meetings held, and each outcome (for staff)."""
    now = timezone.now()
    accepted = Q(consultations__status=ConsultationStatus.ACCEPTED)
    annotations = {
        "requests": Count("consultations", distinct=True),
        "accepted": Count("consultations", filter=accepted, distinct=True),
        "held": Count(
            "consultations", filter=accepted & Q(consultations__ends_at__lte=now), distinct=True
        ),
    }
    for outcome in Outcome:
        annotations[f"outcome_{outcome.value}"] = Count(
            "consultations__outcomes",
            filter=Q(consultations__outcomes__outcome=outcome),
            distinct=True,
        )
    return Partner.objects.annotate(**annotations).order_by("sort_order", "slug")
