//! The default template of `protokol init`: an association's board (bestyrelsen) with one example of each kind
//! of content (minutes, a dotted-style statute, a fee table, a page).

pub(super) const FILES: &[(&str, &str)] = &[
    (
        "protokol.toml",
        r#"title = "Mødeportal"
description = "Dagsordener, referater, vedtægter og tabeller"
base_url = "/"
language = "da"
theme = "default"

[[bodies]]
id = "bestyrelsen"
name = "Bestyrelsen"
short = "Bestyrelsen"
"#,
    ),
    (
        "content/moeder/2024-03-01-bestyrelsen.md",
        r#"---
body: bestyrelsen
kind: minutes
title: "Referat af bestyrelsesmøde den 1. marts 2024"
date: 2024-03-01
weekday: fredag
start: "10.00"
end: "12.00"
place: "Mødelokale 1"
participants:
  - "Bestyrelsens medlemmer"
absences:
  - name: Anne Jensen
    substitute: Bo Hansen
items:
  - number: "1"
    title: "Godkendelse af dagsorden"
  - number: "2"
    title: "Kontingent for 2025"
    presenter: "Formanden"
    case: SAG-2024-00001
    attachments:
      - title: "Kontingentfordeling 2025"
        table: kontingent-2025
---

## 1 Godkendelse af dagsorden

### Indstilling

Det indstilles, at bestyrelsen godkender dagsordenen.

### Referat

Godkendt.

## 2 Kontingent for 2025

### Indstilling

Det indstilles, at kontingentet fordeles efter indbyggertal, jf. [vedtægternes punkt 2.1](ref:vedtaegter#2.1).

### Sagsfremstilling

[[tabel:kontingent-2025]]

### Referat

Godkendt.
"#,
    ),
    (
        "content/dokumenter/vedtaegter.md",
        r#"---
kind: statute
title: "Vedtægter for foreningen"
organisation: bestyrelsen
status: adopted
adopted: 2024-01-15
---

## 1. Navn

1.1 Foreningens navn er Foreningen.

## 2. Kontingent

2.1 Kontingentet fordeles mellem medlemmerne efter indbyggertal.

2.2 Ændring af kontingent kræver 2/3-flertal, jf. punkt 2.1.

## Bilag 1. Medlemmer

- Kommune A
- Kommune B
"#,
    ),
    (
        "content/tabeller/kontingent-2025.yaml",
        r#"title: "Kontingentfordeling 2025"
kind: fee
meeting: "2024-03-01-bestyrelsen#2"
unit: kr.
columns:
  - key: medlem
    label: "Medlem"
    type: text
  - key: indbyggere
    label: "Indbyggere"
    type: number
    unit: personer
  - key: andel
    label: "Andel af [[tal:@fordeling/amount | 100.000]] kr."
    type: number
rows:
  - {medlem: "Kommune A", indbyggere: 30000, andel: 60000}
  - {medlem: "Kommune B", indbyggere: 20000, andel: 40000}
  - {id: total, role: total, medlem: "I alt", indbyggere: 50000, andel: 100000}
rules:
  - id: sum
    rule: sum
    columns: [indbyggere, andel]
    total: {row: total}
  - id: fordeling
    rule: allocation
    column: andel
    key: indbyggere
    amount: {value: 100000}
    rounding: half-up
"#,
    ),
    (
        "content/sider/om.md",
        r#"---
title: "Om portalen"
menu: 1
---

Portalen udgiver bestyrelsens dagsordener, referater, vedtægter og tabeller.
"#,
    ),
];
