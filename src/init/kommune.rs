//! The `kommune` template of `protokol init`: a municipal committee's portal in the municipal style. Økonomiudvalget's
//! minutes with running item numbers (45–48) after an unnumbered opening item, a vote with a minority statement, a
//! closed item with its legal basis, a §-style styrelsesvedtægt cited from the minutes, and a budget follow-up
//! table with subtotals, printed in mio. kr. at one decimal.

pub(super) const FILES: &[(&str, &str)] = &[
    (
        "protokol.toml",
        r#"title = "Dagsordener og referater – Eksempel Kommune"
description = "Udvalgenes dagsordener og referater, styrelsesvedtægten og budgetopfølgningen"
base_url = "/"
language = "da"
theme = "default"

[[bodies]]
id = "oekonomiudvalget"
name = "Økonomiudvalget, Eksempel Kommune"
short = "Økonomiudvalget"

[[bodies]]
id = "byraadet"
name = "Byrådet, Eksempel Kommune"
short = "Byrådet"
"#,
    ),
    (
        "content/moeder/2025-03-11-oekonomiudvalget.md",
        r#"---
body: oekonomiudvalget
kind: minutes
title: "Referat af Økonomiudvalgets møde tirsdag den 11. marts 2025"
date: 2025-03-11
weekday: tirsdag
start: "16.00"
end: "17.30"
place: "Udvalgsværelse 1, Rådhuset"
numbering: running
participants:
  - "Anne Holm (A), borgmester, formand"
  - "Bent Lund (V)"
  - "Carla Friis (F)"
  - "Dennis Kjær (O)"
  - "Eva Mortensen (A)"
items:
  - number: "45"
    case: "25/00123"
  - number: "46"
    case: "25/00140"
    attachments:
      - title: "Budgetopfølgning pr. 28. februar 2025"
        table: budgetopfoelgning-2025-02
    votes:
      - for: "A og F (3)"
        against: "V og O (2)"
        outcome: vedtaget
    minority:
      - by: "V og O"
        text: "V og O finder, at merforbruget på det specialiserede børneområde bør finansieres inden for udvalgets egen ramme."
  - number: "47"
    closed: true
    lukket_begrundelse: "jf. kommunestyrelseslovens § 10, stk. 1, nr. 4"
    case: "25/00201"
    votes:
      - for: "Anne Holm (A), Bent Lund (V), Carla Friis (F) og Eva Mortensen (A) (4)"
        against: "Dennis Kjær (O) (1)"
        outcome: vedtaget
---

## Godkendelse af dagsorden

### Beslutning

Dagsordenen blev godkendt.

## 45 Ændring af tidspunkt for udvalgenes møder

### Sagsfremstilling

Udvalgene fastsætter selv tid og sted for deres møder, jf. § 2, stk. 2 i styrelsesvedtægten. Forvaltningen
foreslår, at møderne fremover begynder en time senere end i dag.

### Indstilling

Forvaltningen indstiller, at Økonomiudvalget godkender det nye mødetidspunkt.

### Beslutning

Godkendt.

## 46 Budgetopfølgning pr. 28. februar 2025

### Sagsfremstilling

Budgetopfølgningen viser et forventet merforbrug, størst på det specialiserede børneområde.

[[tabel:budgetopfoelgning-2025-02]]

### Indstilling

Forvaltningen indstiller, at merforbruget finansieres af kassebeholdningen.

### Beslutning

Indstillingen blev godkendt.

## 47 Køb af ejendom

### Sagsfremstilling

Forvaltningen har forhandlet om køb af ejendommen.

### Beslutning

Godkendt.

## 48 Eventuelt

### Beslutning

Intet.
"#,
    ),
    (
        "content/dokumenter/styrelsesvedtaegt.md",
        r#"---
kind: statute
title: "Styrelsesvedtægt for Eksempel Kommune"
organisation: byraadet
status: adopted
adopted: 2022-01-01
numbering: paragraph
aliases: [styrelsesvedtægten]
---

### § 1. Byrådet

Byrådet består af det antal medlemmer, som kommunestyrelsesloven fastsætter.

### § 2. Stående udvalg

Byrådet nedsætter Økonomiudvalget og de stående udvalg.

Stk. 2. Udvalgene fastsætter selv tid og sted for deres møder, jf. stk. 1.

### § 3. Lukkede møder

Udvalgenes møder holdes for lukkede døre. Referaterne offentliggøres, jf. § 2.
"#,
    ),
    (
        "content/tabeller/budgetopfoelgning-2025-02.yaml",
        r#"title: "Budgetopfølgning pr. 28. februar 2025, serviceudgifter (mio. kr.)"
kind: budget
meeting: "2025-03-11-oekonomiudvalget#46"
unit: mio. kr.
precision: 0.1
columns:
  - {key: omraade, label: "Område", type: text}
  - {key: budget, label: "Korrigeret budget", type: number, decimals: 1}
  - {key: forventet, label: "Forventet regnskab", type: number, decimals: 1}
  - {key: afvigelse, label: "Afvigelse", type: number, decimals: 1}
rows:
  - {id: dagtilbud, group: "Børn og unge", omraade: "Dagtilbud", budget: 310.4, forventet: 311.2, afvigelse: 0.8}
  - {id: specialiseret, group: "Børn og unge", omraade: "Specialiseret børneområde", budget: 142.0, forventet: 144.6, afvigelse: 2.6}
  - {id: boern-i-alt, role: subtotal, group: "Børn og unge", omraade: "Børn og unge i alt", budget: 452.4, forventet: 455.8, afvigelse: 3.4}
  - {id: hjemmepleje, group: "Ældre", omraade: "Hjemmepleje", budget: 205.7, forventet: 205.8, afvigelse: 0.1}
  - {id: plejecentre, group: "Ældre", omraade: "Plejecentre", budget: 188.3, forventet: 188.3, afvigelse: 0.0}
  - {id: aeldre-i-alt, role: subtotal, group: "Ældre", omraade: "Ældre i alt", budget: 394.0, forventet: 394.1, afvigelse: 0.1}
  - {id: i-alt, role: total, omraade: "Serviceudgifter i alt", budget: 846.4, forventet: 849.9, afvigelse: 3.5}
rules:
  - {id: boern, rule: sum, columns: [budget, forventet, afvigelse], rows: {group: "Børn og unge"}, total: {row: boern-i-alt}}
  - {id: aeldre, rule: sum, columns: [budget, forventet, afvigelse], rows: {group: "Ældre"}, total: {row: aeldre-i-alt}}
  - {id: i-alt, rule: sum, columns: [budget, forventet, afvigelse], rows: {ids: [boern-i-alt, aeldre-i-alt]}, total: {row: i-alt}}
  - {id: afvigelse, rule: derived, column: afvigelse, expression: "forventet - budget", rows: {roles: [data, subtotal, total]}}
"#,
    ),
    (
        "content/sider/om.md",
        r#"---
title: "Om portalen"
menu: 1
---

Portalen udgiver Eksempel Kommunes udvalgsdagsordener og -referater, styrelsesvedtægten og budgetopfølgningerne.
Lukkede punkter vises kun med nummer og titel.
"#,
    ),
];
