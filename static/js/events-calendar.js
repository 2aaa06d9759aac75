// The month calendar widget (EventCalendar, vendored) on wide screens, fed by
// /events/calendar.json. Without JavaScript, or on phones, the server-rendered month is used.
(function () {
  "use strict";
  var holder = document.getElementById("event-calendar");
  if (!holder || !window.EventCalendar || !window.matchMedia("(min-width: 768px)").matches) {
    return;
  }
  // The viewer's zone as a UTC offset ("+09:00"), given by the page (their profile's zone).
  var match = /^([+-])(\d\d):(\d\d)$/.exec(holder.dataset.offset || "+00:00");
  var offsetMinutes = match ? (match[1] === "-" ? -1 : 1) * (60 * +match[2] + +match[3]) : 0;

  // The feed gives UTC instants; the widget shows wall-clock ("floating") times as they are,
  // so each time is shifted into the viewer's zone first.
  function wallClock(utc) {
    var shifted = new Date(Date.parse(utc) + offsetMinutes * 60000);
    return shifted.toISOString().slice(0, 19);
  }

  function load(info, success, failure) {
    var params = new URLSearchParams({
      start: info.startStr || info.start.toISOString(),
      end: info.endStr || info.end.toISOString(),
    });
    fetch(holder.dataset.source + "?" + params.toString(), { credentials: "same-origin" })
      .then(function (response) {
        return response.json();
      })
      .then(function (events) {
        success(
          events.map(function (event) {
            event.start = wallClock(event.start);
            event.end = wallClock(event.end);
            event.extendedProps = { url: event.url, cancelled: event.cancelled };
            return event;
          })
        );
      })
      .catch(failure);
  }

  holder.hidden = false;
  var table = document.getElementById("server-calendar");
  if (table) {
    table.hidden = true;
    table.classList.remove("d-md-block");
  }
  window.EventCalendar.create(holder, {
    view: "dayGridMonth",
    date: holder.dataset.date,
    locale: holder.dataset.locale,
    firstDay: 0,
    headerToolbar: { start: "", center: "", end: "" },
    eventColor: "#0b5cad", // white titles on it keep a contrast above 4.5:1
    eventSources: [{ events: load }],
    eventClick: function (info) {
      var props = info.event.extendedProps || {};
      if (props.url) {
        window.location.assign(props.url);
      }
    },
  });

  // The widget labels its CSS grid a table, but its day cells sit in no row: screen readers
  // would announce a broken table. Without the roles it reads as what it is, a list of days
  // with their dated events (the server-rendered month, hidden here, is the table).
  function dropTableRoles() {
    holder
      .querySelectorAll("[role=table], [role=row], [role=columnheader], [role=cell], [aria-colindex]")
      .forEach(function (element) {
        element.removeAttribute("role");
        element.removeAttribute("aria-colindex");
      });
  }
  dropTableRoles();
  new MutationObserver(dropTableRoles).observe(holder, { childList: true, subtree: true });
})();
