"""Checks protokol's machine-readable outputs with validators no one here wrote.

Usage: validate.py OUTPUT_DIR EXPECTED_JSON. EXPECTED_JSON gives the counts the content implies:
{"meetings": {"<body>": n, ...}, "tables": n, "feed_entries": {"alle": n, "<body>": n},
"calendar_events": {"alle": n, "<body>": n}}.
Prints one line per problem and exits 1 if there is any; the Rust test shows the lines.
"""
import json
import pathlib
import sys
from xml.etree import ElementTree

try:
    import feedparser
    import icalendar
    import xmlschema
    from frictionless import validate
except ImportError as e:  # the Rust test turns this into a failure that says how to install them
    print(f"missing validator: {e.name}")
    sys.exit(3)

out = pathlib.Path(sys.argv[1])
expected = json.loads(sys.argv[2])
problems = []


def problem(msg):
    problems.append(msg)


# Frictionless: the data package and every CSV it names.
report = validate(str(out / "data" / "datapackage.json"))
if not report.valid:
    for task in report.tasks:
        for err in task.errors:
            problem(f"frictionless: {task.name}: {err.message}")
    for err in report.errors:
        problem(f"frictionless: {err.message}")
package = json.loads((out / "data" / "datapackage.json").read_text(encoding="utf-8"))
if len(package["resources"]) != expected["tables"]:
    problem(f"data package: {len(package['resources'])} resources, expected {expected['tables']}")

# iCalendar: every file parses, has the right number of events, CRLF lines of at most 75 octets.
meetings = expected["meetings"]
total = sum(meetings.values())
ics_files = sorted((out / "kalender").rglob("*.ics"))
for path in ics_files:
    raw = path.read_bytes()
    lines = raw.split(b"\r\n")
    if lines[-1] != b"" or any(b"\n" in l or b"\r" in l for l in lines):
        problem(f"{path}: lines must end in CRLF")
    long = [l for l in lines if len(l) > 75]
    if long:
        problem(f"{path}: {len(long)} lines over 75 octets")
    try:
        cal = icalendar.Calendar.from_ical(raw.decode("utf-8"))
    except Exception as e:
        problem(f"{path}: icalendar cannot parse it: {e}")
        continue
    events = cal.walk("VEVENT")
    name = path.stem
    # a subscribed calendar (the site's, a body's) lists the newest meetings only, as many as "calendar_events"
    # says; a meeting's own calendar lists it alone
    want = expected.get("calendar_events", {}).get(name, total if name == "alle" else meetings.get(name, 1))
    if len(events) != want:
        problem(f"{path}: {len(events)} events, expected {want}")
    if not cal.walk("VTIMEZONE"):
        problem(f"{path}: no VTIMEZONE")
    for ev in events:
        for prop in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "SEQUENCE", "STATUS"):
            if prop not in ev:
                problem(f"{path}: an event without {prop}")
        start = ev.get("DTSTART")
        if start is not None and hasattr(start.dt, "tzinfo") and start.dt.tzinfo is not None:
            if "Copenhagen" not in str(start.dt.tzinfo):
                problem(f"{path}: DTSTART not in Europe/Copenhagen: {start.dt.tzinfo}")
    uids = [str(ev["UID"]) for ev in events]
    if len(set(uids)) != len(uids):
        problem(f"{path}: UIDs repeat")
want_files = 1 + len(meetings) + total
if len(ics_files) != want_files:
    problem(f"{len(ics_files)} calendar files, expected {want_files}")

# Atom: feedparser reads every feed without complaint, with the right entries and unique ids.
for name, want in expected["feed_entries"].items():
    path = out / "feeds" / f"{name}.xml"
    feed = feedparser.parse(path.read_bytes())
    if feed.bozo:
        problem(f"{path}: feedparser: {feed.bozo_exception}")
    if feed.version != "atom10":
        problem(f"{path}: read as {feed.version!r}, not Atom 1.0")
    if len(feed.entries) != want:
        problem(f"{path}: {len(feed.entries)} entries, expected {want}")
    ids = [e.id for e in feed.entries]
    if len(set(ids)) != len(ids) or not all(i.startswith("tag:") for i in ids):
        problem(f"{path}: entry ids not unique tag: URIs")
    for e in feed.entries:
        if not e.get("updated_parsed") or not e.get("link"):
            problem(f"{path}: entry {e.id} without updated or link")

# Sitemap: our XML Schemas, written from the protocol's text. A sitemap holds at most 50,000 URLs (the schema) and
# 50 MiB; a larger site's sitemap.xml is an index of sitemaps at the site's root (a sitemap lists only URLs below
# its own folder), each of which must be written and valid.
schemas = pathlib.Path(__file__).parent
urlset_schema = xmlschema.XMLSchema(str(schemas / "sitemap.xsd"))
SITEMAP_MAX_BYTES = 52_428_800


def check_sitemap(path, schema):
    if path.stat().st_size > SITEMAP_MAX_BYTES:
        problem(f"{path.name}: {path.stat().st_size} bytes, more than a sitemap may hold")
    for err in schema.iter_errors(str(path)):
        problem(f"{path.name}: {err.reason} at {err.path}")


sitemap_xml = out / "sitemap.xml"
robots = (out / "robots.txt").read_text(encoding="utf-8")
sitemap_url = next((l.split(":", 1)[1].strip() for l in robots.splitlines() if l.startswith("Sitemap:")), "")
if not sitemap_url.endswith("/sitemap.xml"):
    problem(f"robots.txt names no sitemap.xml: {sitemap_url!r}")
site_root = sitemap_url[: -len("sitemap.xml")]
try:
    root_tag = ElementTree.parse(sitemap_xml).getroot().tag
except (ElementTree.ParseError, OSError) as e:
    root_tag = ""
    problem(f"sitemap.xml: not XML: {e}")
sitemap_urls = 0
if root_tag.endswith("}sitemapindex"):
    check_sitemap(sitemap_xml, xmlschema.XMLSchema(str(schemas / "siteindex.xsd")))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    for loc in ElementTree.parse(sitemap_xml).getroot().iterfind("s:sitemap/s:loc", ns):
        url = (loc.text or "").strip()
        name = url[len(site_root):] if url.startswith(site_root) else ""
        if not name or "/" in name:
            problem(f"sitemap.xml: {url} is not a sitemap at the site's root {site_root}")
            continue
        if not (out / name).is_file():
            problem(f"sitemap.xml: {name} not written")
            continue
        check_sitemap(out / name, urlset_schema)
        try:
            sitemap_urls += len(ElementTree.parse(out / name).getroot())
        except ElementTree.ParseError as e:
            problem(f"{name}: not XML: {e}")
elif root_tag:
    check_sitemap(sitemap_xml, urlset_schema)
    sitemap_urls = len(ElementTree.parse(sitemap_xml).getroot())

# OParl 1.1: structural checks written from the specification (no package ships its schema).
OPARL = "https://schema.oparl.org/1.1/"
REQUIRED = {
    "System": ["id", "type", "oparlVersion", "body"],
    "Body": ["id", "type", "system", "name", "organization", "person", "meeting", "paper", "legislativeTerm"],
    "Organization": ["id", "type", "body", "name"],
    "Meeting": ["id", "type", "name", "start", "organization"],
    "AgendaItem": ["id", "type", "meeting", "order", "name", "public"],
    "Paper": ["id", "type", "body", "name", "reference", "paperType"],
    "File": ["id", "type", "name", "mimeType", "accessUrl"],
}
LISTS = {"System": ["body"], "Body": ["organization", "person", "meeting", "paper"]}
base = None
seen_types = {}


def check_object(obj, where):
    t = obj.get("type", "")
    if not t.startswith(OPARL):
        problem(f"{where}: type {t!r} is not an OParl 1.1 type")
        return
    kind = t[len(OPARL):]
    seen_types[kind] = seen_types.get(kind, 0) + 1
    for field in REQUIRED.get(kind, []):
        if field not in obj:
            problem(f"{where}: {kind} without {field}")
    if not str(obj.get("id", "")).startswith("http"):
        problem(f"{where}: id is not a URL")
    for key in obj:
        if ":" in key and not key.startswith("protokol:"):
            problem(f"{where}: foreign field {key}")
    for sub in obj.get("agendaItem", []) if kind == "Meeting" else []:
        check_object(sub, f"{where} agendaItem")
    for key in ("mainFile", "invitation"):
        if isinstance(obj.get(key), dict):
            check_object(obj[key], f"{where} {key}")


def local(url):
    return out / "oparl" / url.split("/oparl/", 1)[1].split("#")[0]


def check_list(url, where):
    page = url
    count = 0
    number = 0
    per_page = None
    # protokol lists meetings oldest first (a new meeting lands on the last page); OParl asks only that the
    # order stays put, so this is protokol's own promise: a start date never goes back along the pages.
    previous_start = None
    while page:
        number += 1
        path = local(page)
        if not path.is_file():
            problem(f"{where}: list page {page} not written")
            return 0
        lst = json.loads(path.read_text(encoding="utf-8"))
        for key in ("data", "pagination", "links"):
            if key not in lst:
                problem(f"{path}: list without {key}")
                return count
        for obj in lst["data"]:
            check_object(obj, str(path))
            start = str(obj.get("start", ""))[:10] if obj.get("type") == OPARL + "Meeting" else ""
            if start:
                if previous_start is not None and start < previous_start:
                    problem(f"{path}: meeting {obj.get('id')} starts {start}, before the meeting listed before it ({previous_start})")
                previous_start = start
            if not local(obj["id"]).is_file():
                problem(f"{path}: object {obj['id']} not written")
        count += len(lst["data"])
        pg = lst["pagination"]
        # OParl 1.1 "Objektlisten und Paginierung": every pagination field is optional, `elementsPerPage` the
        # same on all pages but the last, `links.next` on every page but the last. protokol writes
        # `elementsPerPage` and `currentPage` and nothing of the list's length (a new meeting would change
        # every page).
        if pg.get("currentPage") != number:
            problem(f"{path}: currentPage {pg.get('currentPage')}, expected {number}")
        for key in ("totalElements", "totalPages"):
            if key in pg:
                problem(f"{path}: pagination with {key}")
        if "last" in lst["links"]:
            problem(f"{path}: links with last")
        page = lst["links"].get("next")
        if per_page is not None and pg.get("elementsPerPage") != per_page:
            problem(f"{path}: elementsPerPage {pg.get('elementsPerPage')}, the first page's {per_page}")
        per_page = pg.get("elementsPerPage")
        if page and len(lst["data"]) != per_page:
            problem(f"{path}: {len(lst['data'])} objects on a page before the last, elementsPerPage {per_page}")
    return count


system = json.loads((out / "oparl" / "system.json").read_text(encoding="utf-8"))
check_object(system, "system.json")
check_list(system["body"], "system.body")
bodies = json.loads(local(system["body"]).read_text(encoding="utf-8"))["data"]
oparl_meetings = 0
for body in bodies:
    for key in LISTS["Body"]:
        n = check_list(body[key], f"{body['id']} {key}")
        if key == "meeting":
            oparl_meetings += n
    if body.get("system") != system["id"]:
        problem(f"{body['id']}: system is not the System's id")
if oparl_meetings != total:
    problem(f"OParl lists {oparl_meetings} meetings, expected {total}")

for p in problems:
    print(p)
print(f"checked {len(ics_files)} calendars, {len(expected['feed_entries'])} feeds, "
      f"{len(package['resources'])} tables, {oparl_meetings} OParl meetings, types {sorted(seen_types)}, "
      f"{sitemap_urls} sitemap URLs")
sys.exit(1 if problems else 0)
