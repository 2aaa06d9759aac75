"""What a browser posts for a form on a page nobody touched (HTML's "form data set").

Tests that build POST dictionaries by hand tend to post what the view expects, not what a
browser sends: a <select> with no `selected` option still posts its first option, an
unticked checkbox posts nothing, a text input posts its `value` or "". `browser_post(html)`
reads the page's form the way a browser does, so a test can press "Save" on an untouched
page through the test client.
"""

from html.parser import HTMLParser


class _FormData(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[list[tuple[str, str]]] = []
        self.inside = False
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append([])
            self.inside = True
            return
        if not self.inside or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.forms[-1].append((name, attrs.get("value") or "on"))
                return
            self.forms[-1].append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = {"name": name, "options": [], "selected": None}
        elif tag == "option" and self._select is not None:
            self._option = {
                "value": attrs.get("value"),
                "text": "",
                "selected": "selected" in attrs,
            }
            self._select["options"].append(self._option)
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = next((o for o in options if o["selected"]), options[0] if options else None)
            if chosen is not None:
                value = chosen["value"] if chosen["value"] is not None else chosen["text"].strip()
                self.forms[-1].append((self._select["name"], value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # The parser keeps the newline right after <textarea>; browsers drop it.
            text = self._textarea["text"]
            self.forms[-1].append((self._textarea["name"], text.removeprefix("\n")))
            self._textarea = None


def browser_post(html: str, *, with_field: str) -> dict[str, list[str]]:
    """What the form of `html` that has a field named `with_field` submits untouched, as the
    test client's POST data ({name: [values]})."""
    parser = _FormData()
    parser.feed(html)
    for pairs in parser.forms:
        if any(name == with_field for name, _value in pairs):
            data: dict[str, list[str]] = {}
            for name, value in pairs:
                data.setdefault(name, []).append(value)
            return data
    raise AssertionError(f"no form with a field named {with_field!r}")
