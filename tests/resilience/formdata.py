"""What a browser would send back from a page's form, unchanged: the test edits one field of it."""

from __future__ import annotations

from html.parser import HTMLParser


class _Form(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.forms: list[dict[str, list[str]]] = []
        self.data: dict[str, list[str]] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.inside, self.data = True, {}
        if not self.inside:
            return
        name = a.get("name", "")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.setdefault(name, []).append(a.get("value", "on" if a.get("type") == "checkbox" else ""))
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = [""]
        elif tag == "select":
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self.inside:
            self.inside = False
            self.forms.append(self.data)


def form_data(html: str) -> dict[str, list[str]]:
    """The values of the page's edit form (the POST form with a hidden `version`) as the page shows them."""
    parser = _Form()
    parser.feed(html)
    data = next(f for f in parser.forms if "version" in f)
    for name, values in data.items():  # a textarea's first newline is not part of its value
        if values and values[0].startswith("\n"):
            data[name] = [values[0][1:]]
    data.pop("csrfmiddlewaretoken", None)
    return data
