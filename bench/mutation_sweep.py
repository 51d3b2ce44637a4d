#!/usr/bin/env python3
"""Mutation sweep of the bundled portal (#18): changes the content the way an editing slip would, one mutation at a
time, in a copy, runs `protokol check --format json` and counts what it catches. A mutation is caught when check
exits 1 with an error (not a note or warning) that names the mutated file, or, for a cross-file mutation, any file.

    bench/mutation_sweep.py [path/to/protokol]     # default target/release/protokol; prints one line per class

Classes (each mutation is deterministic; no randomness):
  prose-figure     every bound figure's printed value in a meeting, document or page ([[tal:… | P]]), last digit +1
  table-text       the same in a table's title, caption, headers, labels and notes
  header-unbound   every number of four digits or more in a table's header/label/caption/notes that no directive
                   binds, last digit +1 (what is left unbound there)
  ref-anchor       every explicit ref: link with a numbered anchor retargeted to the unit before or after it
  ref-document     every explicit ref: link to a document retargeted to another document
  table-place      every table's `meeting: "<id>#<item>"` retargeted to the item after it
  bogus-ack        a `kind: other` acknowledgement quoting words the file does not have, added to each meeting
                   and document with discrepancies; the same with `kind: weekday` and `kind: reference`
  row-swap         in every table, two neighbouring data rows' figures of one number column exchanged
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

BIN = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/protokol")
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def check(site):
    o = subprocess.run([BIN, "check", "--root", site, "--format", "json"], capture_output=True, text=True)
    diags = [json.loads(l) for l in o.stdout.splitlines() if l.strip()]
    return o.returncode, [d for d in diags if d["severity"] == "error"]


def files(site, folder, ext):
    d = os.path.join(site, "content", folder)
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(ext))


def bump_last_digit(s):
    """"644.500" -> "644.501", "1,05" -> "1,06", "2,7 mio." -> "2,8 mio."."""
    i = max(i for i, c in enumerate(s) if c.isdigit())
    d = s[i]
    return s[:i] + ("0" if d == "9" else str(int(d) + 1)) + s[i + 1:]


def mutations(site):
    """Yields (class, file, old text, new text, whether any file's error counts)."""
    texts = files(site, "moeder", ".md") + files(site, "dokumenter", ".md") + files(site, "sider", ".md")
    tables = files(site, "tabeller", ".yaml")
    directive = re.compile(r"\[\[tal:[^\]|]*\|\s*([^\]]*?)\s*\]\]")
    for cls, group in (("prose-figure", texts), ("table-text", tables)):
        for f in group:
            text = open(f).read()
            for m in directive.finditer(text):
                if m.group(0).startswith("[[tal:fri"):
                    continue
                new = m.group(0).replace(m.group(1), bump_last_digit(m.group(1)))
                yield cls, f, m.group(0), new, False
    header = re.compile(r"^\s*(?:-\s*)?(title|caption|header|label|notes_before|notes_after):\s*(.*)$", re.M)
    for f in tables:
        text = open(f).read()
        for m in header.finditer(text):
            value = re.sub(r"\[\[tal:[^\]]*\]\]", "", m.group(2))
            for n in re.finditer(r"\d[\d.,]*\d|\d", value):
                digits = re.sub(r"\D", "", n.group(0))
                if len(digits) >= 4 and not re.fullmatch(r"(19|20)\d\d", digits):
                    line = m.group(0)
                    yield "header-unbound", f, line, line.replace(n.group(0), bump_last_digit(n.group(0)), 1), False
    link = re.compile(r"\]\(ref:([a-z0-9-]+)(#[^)]*)?\)")
    docs = [os.path.basename(p)[:-3] for p in files(site, "dokumenter", ".md")]
    for f in texts:
        text = open(f).read()
        for m in link.finditer(text):
            target, anchor = m.group(1), m.group(2)
            if anchor and re.fullmatch(r"#\d+(\.\d+)*", anchor):
                parts = anchor[1:].split(".")
                for delta in (-1, 1):
                    last = int(parts[-1]) + delta
                    if last >= 1:
                        new = "#" + ".".join(parts[:-1] + [str(last)])
                        yield "ref-anchor", f, m.group(0), f"](ref:{target}{new})", False
            if target in docs:
                other = next(d for d in docs if d != target and not d.startswith(target))
                yield "ref-document", f, m.group(0), f"](ref:{other}{anchor or ''})", False
    for f in tables:
        text = open(f).read()
        m = re.search(r'^meeting: "([^#"]+)#(\d+)"', text, re.M)
        if m:
            yield "table-place", f, m.group(0), f'meeting: "{m.group(1)}#{int(m.group(2)) + 1}"', False
    for f in texts:
        text = open(f).read()
        m = re.search(r"^discrepancies:\n", text, re.M)
        if not m or "discrepancies: []" in text:
            continue
        item = re.search(r'^\s+item: "([^"]+)"', text, re.M)
        place = f'    item: "{item.group(1)}"\n' if item and "/moeder/" in f else ""
        for kind, printed in (
            ("other", "Denne sætning står ikke i kilden"),
            ("weekday", "mandag den 3. februar 2020"),
            ("reference", "jf. punkt 99.9"),
        ):
            entry = f'  - kind: {kind}\n{place}    printed: "{printed}"\n    note: "Opdigtet."\n'
            yield "bogus-ack", f, m.group(0), m.group(0) + entry, False
    row = re.compile(r"^  - \{(?![^}]*role:)([^}]*)\}$", re.M)
    for f in tables:
        text = open(f).read()
        rows = list(row.finditer(text))
        for a, b in zip(rows, rows[1:]):
            cells_a = dict(re.findall(r"(\w+): (-?\d+(?:\.\d+)?)(?=,|$)", a.group(1)))
            cells_b = dict(re.findall(r"(\w+): (-?\d+(?:\.\d+)?)(?=,|$)", b.group(1)))
            keys = [k for k in cells_a if k in cells_b and cells_a[k] != cells_b[k]]
            if not keys:
                continue
            k = keys[0]
            sub = lambda r, v: re.sub(rf"\b{k}: -?\d+(?:\.\d+)?(?=,|$)", f"{k}: {v}", r, count=1)
            old = a.group(0) + "\n" + b.group(0)
            new = sub(a.group(0), cells_b[k]) + "\n" + sub(b.group(0), cells_a[k])
            if old in text:
                yield "row-swap", f, old, new, False
            break


def main():
    tmp = tempfile.mkdtemp()
    site = os.path.join(tmp, "site")
    shutil.copytree(os.path.join(REPO, "content"), os.path.join(site, "content"))
    shutil.copy(os.path.join(REPO, "protokol.toml"), site)
    exit_code, errors = check(site)
    assert exit_code == 0 and not errors, errors
    counts, missed = {}, []
    for cls, f, old, new, anywhere in list(mutations(site)):
        text = open(f).read()
        if old not in text or old == new:
            continue
        open(f, "w").write(text.replace(old, new, 1))
        code, errors = check(site)
        rel = os.path.relpath(f, site)
        caught = code == 1 and any(anywhere or e["file"] == rel for e in errors)
        open(f, "w").write(text)
        c = counts.setdefault(cls, [0, 0])
        c[0] += caught
        c[1] += 1
        if not caught:
            missed.append(f"{cls}: {rel}: {old.strip()[:70]!r} -> {new.strip()[:70]!r}")
    for cls, (caught, total) in counts.items():
        print(f"{cls:15} {caught:4} of {total:4} caught")
    for m in missed:
        print("  missed", m)
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
