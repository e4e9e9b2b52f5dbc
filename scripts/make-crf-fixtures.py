#!/usr/bin/env python3
"""Generates the CRF validation fixtures in fixtures/crf/ (seeded, so reruns give the same files).

Clean files: every form of protocols/peer.yaml at every visit that collects it, for 296
participants, and every form of protocols/example-3arm.yaml for 30 participants. Defect files:
small files that each plant known issues. manifest.json lists, for every file, the protocol,
form, participant list, stored records to assume, expected row count and the exact issues
(line, field, code, severity) the validator must report - no more, no fewer.

The form definitions are written out here independently of the Swift code, from the protocol
files' text, so the fixtures test the validator rather than mirror it.

Usage: python3 scripts/make-crf-fixtures.py   (from the package root)
"""
import datetime as dt
import json
import os
import random

SEED = 20240501
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "crf")
WARNINGS = {"soft_range", "outside_visit_window"}


class CsvFile:
    """A CSV file being written, which knows the line each row starts on."""

    def __init__(self, path, header, delimiter=",", bom=False, crlf=False, quote_all=False):
        self.path, self.header, self.delimiter = path, header, delimiter
        self.bom, self.newline, self.quote_all = bom, "\r\n" if crlf else "\n", quote_all
        self.lines = [self.encode_row(header)]
        self.next_line = 2
        self.issues = []
        self.rows = 0

    def quote(self, value):
        value = "" if value is None else str(value)
        special = self.delimiter in value or '"' in value or "\n" in value or "\r" in value
        if self.quote_all or special:
            return '"' + value.replace('"', '""') + '"'
        return value

    def encode_row(self, cells):
        return self.delimiter.join(self.quote(c) for c in cells)

    def add(self, record, issues=()):
        """Adds a row from a dict of column -> value; returns its line."""
        return self.add_raw(self.encode_row([record.get(c, "") for c in self.header]), issues)

    def add_raw(self, text, issues=()):
        line = self.next_line
        self.lines.append(text)
        self.next_line += 1 + text.count("\n")
        self.rows += 1
        for field, code, *severity in issues:
            level = severity[0] if severity else ("warning" if code in WARNINGS else "error")
            self.issues.append({"line": line, "field": field, "code": code, "severity": level})
        return line

    def header_issue(self, field, code):
        self.issues.append({"line": 1, "field": field, "code": code, "severity": "error"})

    def write(self):
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        text = self.newline.join(self.lines) + self.newline
        with open(self.path, "wb") as out:
            out.write((b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8"))


def iso(day):
    return day.isoformat()


class Manifest:
    def __init__(self):
        self.files = []

    def add(self, csv, protocol, form, participants, existing=()):
        csv.write()
        self.files.append({
            "file": os.path.relpath(csv.path, ROOT), "protocol": protocol, "form": form,
            "participants": participants, "existing": list(existing), "rows": csv.rows,
            "issues": sorted(csv.issues, key=lambda i: (i["line"], i["field"] or "", i["code"])),
        })

    def write(self):
        with open(os.path.join(ROOT, "manifest.json"), "w") as out:
            json.dump({"generator": "scripts/make-crf-fixtures.py", "seed": SEED, "files": self.files},
                      out, indent=1, ensure_ascii=False)
            out.write("\n")


# ---------------------------------------------------------------------------------------
# PEER (protocols/peer.yaml)

PEER_VISITS = [("baseline", 0, 14, 0), ("post", 70, 14, 28), ("followup", 182, 28, 28)]
PEER_SCALES = {  # form: (prefix, items, width, min, max)
    "qpr15": ("qpr", 15, 2, 0, 4), "wsas": ("wsas", 5, 1, 0, 8), "mansa": ("mansa", 12, 2, 1, 7),
    "esr": ("esr", 28, 2, 1, 4), "shs": ("shs", 6, 1, 1, 8), "gse": ("gse", 10, 2, 1, 4),
}
ELIGIBILITY = ["age_18_or_over", "mental_health_difficulties", "lives_in_municipality", "speaks_danish",
               "informed_consent", "eligible"]
DEMOGRAPHICS = ["age", "sex", "education", "employment", "lives_alone"]
MUNICIPALITIES = ["København", "Fredericia", "Helsingør", "Rødovre", "Gladsaxe"]


def items(form):
    prefix, count, width, _, _ = PEER_SCALES[form]
    return [f"{prefix}{n:0{width}d}" for n in range(1, count + 1)]


def peer_participants(rng):
    start = dt.date(2021, 2, 1)
    people = []
    for n in range(1, 297):
        randomized = start + dt.timedelta(days=rng.randrange(0, 500))
        dates = {"baseline": randomized - dt.timedelta(days=rng.randint(0, 14)),
                 "post": randomized + dt.timedelta(days=rng.randint(56, 98)),
                 "followup": randomized + dt.timedelta(days=rng.randint(154, 210))}
        visits = ["baseline"]
        if rng.random() > 0.08:
            visits.append("post")
            if rng.random() > 0.06:
                visits.append("followup")
        people.append({"id": f"P{n:03d}", "municipality": rng.choice(MUNICIPALITIES),
                       "randomized": randomized, "dates": dates, "visits": visits})
    return people


def scale_row(rng, form, person, visit):
    _, _, _, low, high = PEER_SCALES[form]
    row = {"participant_id": person["id"], "visit": visit, "visit_date": iso(person["dates"][visit])}
    for name in items(form):
        roll = rng.random()
        row[name] = "" if roll < 0.01 else ("-9" if roll < 0.015 else ("-8" if roll < 0.02 else rng.randint(low, high)))
    return row


def demographics_row(rng, person):
    return {"participant_id": person["id"], "visit": "baseline", "visit_date": iso(person["dates"]["baseline"]),
            "age": rng.randint(18, 80), "sex": rng.choice(["female", "male", "other"]),
            "education": rng.choice(["primary", "upper_secondary", "higher", "", "-8"]),
            "employment": rng.choice(["employed", "unemployed", "benefits", "retired", ""]),
            "lives_alone": rng.choice(["1", "0", ""])}


def eligibility_row(person):
    row = {"participant_id": person["id"], "visit": "baseline", "visit_date": iso(person["dates"]["baseline"])}
    row.update({name: "1" for name in ELIGIBILITY})
    return row


def peer_fixtures(rng, manifest):
    people = peer_participants(rng)
    base = os.path.join(ROOT, "peer")
    roster = CsvFile(os.path.join(base, "participants.csv"), ["participant_id", "municipality", "randomization_date"])
    for person in people:
        roster.add({"participant_id": person["id"], "municipality": person["municipality"],
                    "randomization_date": iso(person["randomized"])})
    roster.write()
    participants = "peer/participants.csv"
    proto = "protocols/peer.yaml"
    head = ["participant_id", "visit", "visit_date"]

    clean = CsvFile(os.path.join(base, "clean", "eligibility.csv"), head + ELIGIBILITY)
    for person in people:
        clean.add(eligibility_row(person))
    manifest.add(clean, proto, "eligibility", participants)
    clean = CsvFile(os.path.join(base, "clean", "demographics.csv"), head + DEMOGRAPHICS)
    for person in people:
        clean.add(demographics_row(rng, person))
    manifest.add(clean, proto, "demographics", participants)
    for form in PEER_SCALES:
        clean = CsvFile(os.path.join(base, "clean", f"{form}.csv"), head + items(form))
        for person in people:
            for visit in person["visits"]:
                clean.add(scale_row(rng, form, person, visit))
        manifest.add(clean, proto, form, participants)

    # The same QPR-15 data as Excel in a Danish locale writes it: BOM, `;`, CRLF, every cell
    # quoted, columns in another order.
    shuffled = head[::-1] + items("qpr15")[::-1]
    variant = CsvFile(os.path.join(base, "clean", "qpr15-excel-semicolon.csv"), shuffled, delimiter=";",
                      bom=True, crlf=True, quote_all=True)
    for person in people[:40]:
        for visit in person["visits"]:
            variant.add(scale_row(rng, "qpr15", person, visit))
    manifest.add(variant, proto, "qpr15", participants)

    peer_defects(rng, people, manifest, os.path.join(base, "defects"), participants)


def peer_defects(rng, people, manifest, folder, participants):
    proto, head = "protocols/peer.yaml", ["participant_id", "visit", "visit_date"]
    p = people
    def path(name):
        return os.path.join(folder, name)

    # Values of the wrong type or outside the hard range; the soft range; choice codes.
    f = CsvFile(path("qpr15-values.csv"), head + items("qpr15"))
    f.add(scale_row(rng, "qpr15", p[0], "baseline"))
    f.add(dict(scale_row(rng, "qpr15", p[1], "baseline"), qpr05=5, qpr11=-1), [("qpr05", "out_of_range"), ("qpr11", "out_of_range")])
    f.add(dict(scale_row(rng, "qpr15", p[2], "baseline"), qpr01="abc"), [("qpr01", "not_a_number")])
    f.add(dict(scale_row(rng, "qpr15", p[3], "baseline"), qpr02="2.5", qpr03="3.0"), [("qpr02", "not_an_integer"), ("qpr03", "not_an_integer")])
    f.add(dict(scale_row(rng, "qpr15", p[4], "baseline"), qpr15="-7"), [("qpr15", "out_of_range")])
    f.add(dict(scale_row(rng, "qpr15", p[5], "baseline"), qpr04=" 3 ", qpr06="-9", qpr07="-8", qpr08=""))
    manifest.add(f, proto, "qpr15", participants)

    f = CsvFile(path("demographics-values.csv"), head + DEMOGRAPHICS)
    f.add(dict(demographics_row(rng, p[0]), age=17), [("age", "out_of_range")])
    f.add(dict(demographics_row(rng, p[1]), age=85), [("age", "soft_range")])
    f.add(dict(demographics_row(rng, p[2]), age=80))
    f.add(dict(demographics_row(rng, p[3]), sex="Female", lives_alone="2"), [("sex", "invalid_choice"), ("lives_alone", "invalid_choice")])
    f.add(dict(demographics_row(rng, p[4]), sex="", age=""), [("age", "missing_required"), ("sex", "missing_required")])
    f.add(dict(demographics_row(rng, p[5]), sex="-8", age="-9", employment="-9"))
    f.add(dict(demographics_row(rng, p[6]), visit="post"), [("visit", "form_not_at_visit")])
    manifest.add(f, proto, "demographics", participants)

    # Required fields and the eligibility check.
    f = CsvFile(path("eligibility-required.csv"), head + ELIGIBILITY)
    f.add(dict(eligibility_row(p[0]), informed_consent=""), [("informed_consent", "missing_required")])
    f.add(dict(eligibility_row(p[1]), participant_id=""), [("participant_id", "missing_required")])
    f.add(dict(eligibility_row(p[2]), visit=""), [("visit", "missing_required")])
    f.add(dict(eligibility_row(p[3]), visit_date=""), [("visit_date", "missing_required")])
    f.add(dict(eligibility_row(p[4]), speaks_danish="0"), [("eligible", "check_failed", "error")])
    f.add(dict(eligibility_row(p[5]), speaks_danish="0", eligible="0"))
    f.add(dict(eligibility_row(p[6]), eligible="yes"), [("eligible", "invalid_choice")])
    manifest.add(f, proto, "eligibility", participants)

    # Participants, visits, dates, windows, duplicates and the cross-visit date checks.
    f = CsvFile(path("wsas-records.csv"), head + items("wsas"))
    f.add(dict(scale_row(rng, "wsas", p[0], "baseline"), participant_id="P999"), [("participant_id", "unknown_participant")])
    f.add(dict(scale_row(rng, "wsas", p[1], "baseline"), visit="week12"), [("visit", "unknown_visit")])
    f.add(dict(scale_row(rng, "wsas", p[2], "baseline"), visit_date="10/02/2021"), [("visit_date", "invalid_date")])
    f.add(dict(scale_row(rng, "wsas", p[3], "baseline"), visit_date="2021-02-30"), [("visit_date", "invalid_date")])
    late = p[4]["randomized"] + dt.timedelta(days=120)
    f.add(dict(scale_row(rng, "wsas", p[4], "post"), visit_date=iso(late)), [("visit_date", "outside_visit_window")])
    first = f.add(scale_row(rng, "wsas", p[5], "baseline"))
    f.add(scale_row(rng, "wsas", p[5], "baseline"), [("visit", "duplicate_record")])
    f.add(scale_row(rng, "wsas", p[6], "post"), [("visit", "duplicate_record")])   # stored already (below)
    assert first > 1
    manifest.add(f, proto, "wsas", participants,
                 existing=[{"participant": p[6]["id"], "visit": "post", "form": "wsas",
                            "values": {"visit_date": iso(p[6]["dates"]["post"])}}])

    f = CsvFile(path("qpr15-visit-order.csv"), head + items("qpr15"))
    f.add(scale_row(rng, "qpr15", p[7], "baseline"))
    early = p[7]["dates"]["baseline"] - dt.timedelta(days=3)
    f.add(dict(scale_row(rng, "qpr15", p[7], "post"), visit_date=iso(early)),
          [("visit_date", "outside_visit_window"), ("visit_date", "check_failed", "error")])
    # The follow-up row comes before the post row it is compared with.
    f.add(dict(scale_row(rng, "qpr15", p[8], "followup"), visit_date=iso(p[8]["dates"]["post"] - dt.timedelta(days=1))),
          [("visit_date", "outside_visit_window"), ("visit_date", "check_failed", "error")])
    f.add(scale_row(rng, "qpr15", p[8], "post"))
    # Baseline stored, not in the file.
    f.add(dict(scale_row(rng, "qpr15", p[9], "post")))
    stored_after = iso(p[9]["dates"]["post"] + dt.timedelta(days=1))
    f.add(dict(scale_row(rng, "qpr15", p[10], "post")), [("visit_date", "check_failed", "error")])
    manifest.add(f, proto, "qpr15", participants, existing=[
        {"participant": p[9]["id"], "visit": "baseline", "form": "qpr15", "values": {"visit_date": iso(p[9]["dates"]["baseline"])}},
        {"participant": p[10]["id"], "visit": "baseline", "form": "qpr15", "values": {"visit_date": stored_after}},
    ])

    # Header problems: an unknown column, a column of another form, a missing one, a copy.
    cols = head + [c for c in items("gse") if c != "gse07"] + ["gse03", "comment", "age"]
    f = CsvFile(path("gse-header.csv"), cols)
    f.header_issue("gse03", "duplicate_column")
    f.header_issue("comment", "unknown_column")
    f.header_issue("age", "unknown_column")
    f.header_issue("gse07", "missing_column")
    for person in p[:3]:
        f.add(dict(scale_row(rng, "gse", person, "baseline"), comment="ok", age="40"))
    manifest.add(f, proto, "gse", participants)

    f = CsvFile(path("mansa-no-record-columns.csv"), ["visit"] + items("mansa"))
    f.header_issue("participant_id", "missing_column")
    f.header_issue("visit_date", "missing_column")
    f.add(scale_row(rng, "mansa", p[0], "baseline"))
    f.add(dict(scale_row(rng, "mansa", p[1], "baseline"), mansa03=9), [("mansa03", "out_of_range")])
    manifest.add(f, proto, "mansa", participants)

    # Rows that cannot be split into the header's columns.
    f = CsvFile(path("shs-malformed.csv"), head + items("shs"))
    f.add(scale_row(rng, "shs", p[0], "baseline"))
    f.add_raw(f"{p[1]['id']},baseline,{iso(p[1]['dates']['baseline'])},1,2,3", [(None, "malformed_row")])
    f.add_raw(f"{p[2]['id']},baseline,{iso(p[2]['dates']['baseline'])},1,2,3,4,5,6,7", [(None, "malformed_row")])
    f.add_raw(f"{p[3]['id']},baseline,{iso(p[3]['dates']['baseline'])},\"1\"2,2,3,4,5,6", [(None, "malformed_row")])
    f.add_raw(f"{p[4]['id']},baseline,{iso(p[4]['dates']['baseline'])},1,2,3,4,5,6,,,")   # trailing empty cells
    f.add_raw("")                                                                          # a blank line
    f.rows -= 1
    f.add(dict(scale_row(rng, "shs", p[5], "baseline"), shs6=0), [("shs6", "out_of_range")])
    f.add_raw(f"{p[6]['id']},baseline,{iso(p[6]['dates']['baseline'])},\"1,2,3,4,5,6", [(None, "malformed_row")])
    manifest.add(f, proto, "shs", participants)

    # Every issue of a row, not only the first.
    f = CsvFile(path("esr-many.csv"), head + items("esr"))
    row = scale_row(rng, "esr", p[0], "baseline")
    row.update(visit_date="2021-13-01", esr01="", esr02="x", esr03="5", esr04="1.5", esr05="0")
    f.add(row, [("visit_date", "invalid_date"), ("esr02", "not_a_number"), ("esr03", "out_of_range"),
                ("esr04", "not_an_integer"), ("esr05", "out_of_range")])
    manifest.add(f, proto, "esr", participants)


# ---------------------------------------------------------------------------------------
# Example three-arm trial (protocols/example-3arm.yaml)

EX_WINDOWS = {"screening": (-28, -7), "baseline": (-6, 0), "week6": (35, 49), "week12": (74, 94), "week26": (168, 210)}
EX_FORMS = {  # form: (visits, columns)
    "consent": (["screening"], ["consent_given", "consent_date"]),
    "history": (["screening"], ["referral_code", "episode_count", "current_treatment", "ssri_name", "history_notes"]),
    "body": (["baseline", "week12"], ["measured_at", "weight_kg", "height_m", "bmi"]),
    "phq9": (["baseline", "week6", "week12", "week26"], [f"phq{n:02d}" for n in range(1, 10)]),
    "rses": (["baseline", "week12", "week26"], [f"rses{n:02d}" for n in range(1, 11)]),
    "adverse": (["week6", "week12"], ["ae_any", "ae_description", "ae_severity"]),
}
TREATMENTS = ["ssri", "snri", "psychotherapy", "none"]


def example_people(rng):
    people = []
    for n in range(1, 31):
        randomized = dt.date(2023, 3, 1) + dt.timedelta(days=rng.randrange(0, 200))
        dates = {v: randomized + dt.timedelta(days=rng.randint(a, b)) for v, (a, b) in EX_WINDOWS.items()}
        height = rng.randint(155, 195) / 100
        people.append({"id": f"E{n:02d}", "randomized": randomized, "dates": dates, "height": height,
                       "bmi": rng.uniform(20.5, 33)})
    return people


def bmi_of(weight, height):
    return weight / height ** 2


def example_row(rng, form, person, visit):
    row = {"participant_id": person["id"], "visit": visit, "visit_date": iso(person["dates"][visit])}
    date = person["dates"][visit]
    if form == "consent":
        row.update(consent_given="1", consent_date=iso(date - dt.timedelta(days=rng.randint(0, 5))))
    elif form == "history":
        treatment = sorted(rng.sample(TREATMENTS[:3], rng.randint(0, 2)), key=TREATMENTS.index) or ["none"]
        row.update(referral_code=f"{rng.choice(['AR', 'OD', 'AL'])}-{rng.randint(0, 9999):04d}",
                   episode_count=rng.choice([rng.randint(0, 20), "-7", ""]), current_treatment="|".join(treatment),
                   ssri_name="sertraline" if "ssri" in treatment else "",
                   history_notes=rng.choice(["", "none", 'Says "better, mostly"; sleeps badly', "Line one\nline two"]))
    elif form == "body":
        drift = 0 if visit == "baseline" else rng.uniform(-1.5, 1.5)
        weight = round((person["bmi"] + drift) * person["height"] ** 2, 1)
        row.update(measured_at=f"{iso(date)}T{rng.randint(8, 16):02d}:{rng.randint(0, 59):02d}", weight_kg=f"{weight:.1f}",
                   height_m=f"{person['height']:.2f}", bmi=f"{bmi_of(weight, person['height']):.1f}")
    elif form == "phq9":
        row.update({c: rng.randint(0, 3) for c in EX_FORMS["phq9"][1]})
    elif form == "rses":
        row.update({c: rng.choice([0, 1, 2, 3, 3, ""]) for c in EX_FORMS["rses"][1]})
    elif form == "adverse":
        if rng.random() < 0.3:
            row.update(ae_any="1", ae_description="headache, mild", ae_severity=rng.choice(["1", "2", "3"]))
        else:
            row.update(ae_any="0")
    return row


def example_fixtures(rng, manifest):
    people = example_people(rng)
    base = os.path.join(ROOT, "example-3arm")
    roster = CsvFile(os.path.join(base, "participants.csv"), ["participant_id", "randomization_date"])
    for person in people:
        roster.add({"participant_id": person["id"], "randomization_date": iso(person["randomized"])})
    roster.write()
    proto, participants, head = "protocols/example-3arm.yaml", "example-3arm/participants.csv", ["participant_id", "visit", "visit_date"]
    for form, (visits, columns) in EX_FORMS.items():
        clean = CsvFile(os.path.join(base, "clean", f"{form}.csv"), head + columns)
        for person in people:
            for visit in visits:
                clean.add(example_row(rng, form, person, visit))
        manifest.add(clean, proto, form, participants)

    folder = os.path.join(base, "defects")
    p = people
    f = CsvFile(os.path.join(folder, "adverse-branching.csv"), head + EX_FORMS["adverse"][1])
    f.add(dict(example_row(rng, "adverse", p[0], "week6"), ae_any="0", ae_description="headache", ae_severity="2"),
          [("ae_description", "hidden_field_has_value"), ("ae_severity", "hidden_field_has_value")])
    f.add(dict(example_row(rng, "adverse", p[1], "week6"), ae_any="1", ae_description="", ae_severity="2"),
          [("ae_description", "missing_required")])
    f.add(dict(example_row(rng, "adverse", p[2], "week6"), ae_any="", ae_description="", ae_severity=""),
          [("ae_any", "missing_required")])
    f.add(dict(example_row(rng, "adverse", p[3], "week6"), ae_any="2", ae_description="rash", ae_severity="4"),
          [("ae_any", "invalid_choice"), ("ae_severity", "invalid_choice")])
    f.add(dict(example_row(rng, "adverse", p[4], "week6"), ae_any="1", ae_description="nausea", ae_severity="3"))
    f.add(dict(example_row(rng, "adverse", p[5], "baseline"), ae_any="0"), [("visit", "form_not_at_visit")])
    manifest.add(f, proto, "adverse", participants)

    f = CsvFile(os.path.join(folder, "history-text.csv"), head + EX_FORMS["history"][1])
    f.add(dict(example_row(rng, "history", p[0], "screening"), history_notes="First line,\nsecond \"quoted\" line\nthird"))
    f.add(dict(example_row(rng, "history", p[1], "screening"), referral_code="ab-1234"), [("referral_code", "pattern_mismatch")])
    f.add(dict(example_row(rng, "history", p[2], "screening"), referral_code="AB-1234\nx"), [("referral_code", "pattern_mismatch")])
    f.add(dict(example_row(rng, "history", p[3], "screening"), episode_count=25), [("episode_count", "soft_range")])
    f.add(dict(example_row(rng, "history", p[4], "screening"), current_treatment="ssri|ssri", ssri_name=""),
          [("current_treatment", "invalid_choice")])
    f.add(dict(example_row(rng, "history", p[5], "screening"), current_treatment="snri", ssri_name="sertraline"),
          [("ssri_name", "hidden_field_has_value")])
    f.add(dict(example_row(rng, "history", p[6], "screening"), current_treatment="ssri | psychotherapy", ssri_name="x", episode_count="-7"))
    f.add(dict(example_row(rng, "history", p[7], "screening"), current_treatment="ssri|zzz", ssri_name="x"),
          [("current_treatment", "invalid_choice")])
    manifest.add(f, proto, "history", participants)

    f = CsvFile(os.path.join(folder, "body-numbers.csv"), head + EX_FORMS["body"][1])
    f.add(dict(example_row(rng, "body", p[0], "baseline"), weight_kg="70.25", bmi=""), [("weight_kg", "too_many_decimals")])
    row = example_row(rng, "body", p[1], "baseline")
    f.add(dict(row, bmi=f"{float(row['bmi']) + 3:.1f}"), [("bmi", "calculation_mismatch")])
    f.add(dict(example_row(rng, "body", p[2], "baseline"), weight_kg="45.0", height_m="1.80", bmi=""),
          [("bmi", "check_failed", "note")])
    f.add(dict(example_row(rng, "body", p[3], "baseline"), weight_kg="190.0", height_m="1.95", bmi=""), [("weight_kg", "soft_range")])
    f.add(dict(example_row(rng, "body", p[4], "baseline"), measured_at="2023-05-01 25:00"), [("measured_at", "invalid_date")])
    # 70 / 1.7² = 24.22…: an entered 24.2 agrees to its one decimal place.
    f.add(dict(example_row(rng, "body", p[5], "baseline"), weight_kg="70.0", height_m="1.70", bmi="24.2"))
    f.add(dict(example_row(rng, "body", p[6], "baseline"), weight_kg="", bmi="23.0"),
          [("weight_kg", "missing_required"), ("bmi", "calculation_mismatch")])
    # Week-12 weight against the stored baseline weight (a warning check).
    f.add(dict(example_row(rng, "body", p[7], "week12"), weight_kg="99.0", height_m="1.80", bmi=""),
          [("weight_kg", "check_failed", "warning")])
    manifest.add(f, proto, "body", participants, existing=[
        {"participant": p[7]["id"], "visit": "baseline", "form": "body",
         "values": {"visit_date": iso(p[7]["dates"]["baseline"]), "weight_kg": "70.0", "height_m": "1.80"}}])

    f = CsvFile(os.path.join(folder, "consent-dates.csv"), head + EX_FORMS["consent"][1])
    row = example_row(rng, "consent", p[0], "screening")
    f.add(dict(row, consent_date=iso(p[0]["dates"]["screening"] + dt.timedelta(days=1))), [("consent_date", "check_failed", "error")])
    f.add(dict(example_row(rng, "consent", p[1], "screening"), consent_date="2023-02-29"), [("consent_date", "invalid_date")])
    f.add(dict(example_row(rng, "consent", p[2], "screening"), visit_date=iso(p[2]["randomized"])),
          [("visit_date", "outside_visit_window")])
    manifest.add(f, proto, "consent", participants)


def main():
    rng = random.Random(SEED)
    manifest = Manifest()
    peer_fixtures(rng, manifest)
    example_fixtures(rng, manifest)
    manifest.write()


if __name__ == "__main__":
    main()
