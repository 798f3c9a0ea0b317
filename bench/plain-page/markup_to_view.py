#!/usr/bin/env python3
"""A probe, not part of the bench: turns a captured first screen (the static page the first-screen
benchmark writes, target/bench/same-markup/index.html) into one static Leptos `view!`, so that the
plain page can be built rendering the app's whole first screen with no state, routing or logic:
what any Leptos-built first screen of this size costs at least.

    python3 bench/plain-page/markup_to_view.py target/bench/same-markup/index.html > /tmp/main.rs
    cp /tmp/main.rs bench/plain-page/src/main.rs   # build it like the plain page, serve it with the
                                                  # app's stylesheet linked in its index.html

Whitespace-only text between elements is dropped; everything else (elements, attributes, text,
data-testid="connect-step") is kept as the browser serialised it. See docs/performance.md."""
import sys
from html.parser import HTMLParser

VOID = {"input", "br", "img", "meta", "hr", "link"}


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class ToView(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip = [], False

    def handle_starttag(self, tag, attrs):
        if tag == "noscript":
            self.skip = True
            return
        names = " ".join(f"{k}={quoted(v or '')}" for k, v in attrs)
        self.out.append(f"<{tag} {names}".rstrip() + ("/>" if tag in VOID else ">"))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.out.append(f"</{tag}>")

    def handle_endtag(self, tag):
        if tag == "noscript":
            self.skip = False
        elif tag not in VOID:
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.out.append(quoted(data))


html = open(sys.argv[1], encoding="utf-8").read()
body = html[html.index("<body") :]
body = body[body.index(">") + 1 : body.index("</body>")]
parser = ToView()
parser.feed(body)
print("use leptos::prelude::*;\n\nfn main() {\n    leptos::mount::mount_to_body(|| {\n        view! {")
print("\n".join(parser.out))
print("        }\n    });\n}")
