#!/usr/bin/env python3
"""Seeded QPR-15 data files for the CRF validation benchmark (bench/crf_section.py).

Writes OUT.csv: participant_id, visit, visit_date, qpr01..qpr15, one row per participant and
visit (baseline, post, followup: the PEER protocol's visits that collect qpr15), items 0-4, visit
dates inside each visit's window around RANDOMIZED (the day the participants were randomized),
each visit after the one before. With --participants-csv it also writes the participant list for
`trialkit randomize --from-csv` (participant_id, municipality).

Usage: gen_crf_data.py OUT.csv PARTICIPANTS RANDOMIZED [--participants-csv FILE] [--seed N] [--prefix P]
"""
import argparse
import datetime
import random

VISITS = [("baseline", -7, 0), ("post", 60, 90), ("followup", 160, 200)]
MUNICIPALITIES = ["København", "Fredericia", "Helsingør", "Rødovre", "Gladsaxe"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("participants", type=int)
    parser.add_argument("randomized")
    parser.add_argument("--participants-csv")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--prefix", default="B", help="participant IDs are PREFIX000001, PREFIX000002, ...")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    day0 = datetime.date.fromisoformat(args.randomized)
    width = max(6, len(str(args.participants)))
    ids = [f"{args.prefix}{n:0{width}d}" for n in range(1, args.participants + 1)]
    with open(args.out, "w", encoding="utf-8", newline="") as out:
        out.write("participant_id,visit,visit_date," + ",".join(f"qpr{i:02d}" for i in range(1, 16)) + "\n")
        for pid in ids:
            for visit, low, high in VISITS:
                date = day0 + datetime.timedelta(days=rng.randint(low, high))
                items = ",".join(str(rng.randint(0, 4)) for _ in range(15))
                out.write(f"{pid},{visit},{date.isoformat()},{items}\n")
    if args.participants_csv:
        with open(args.participants_csv, "w", encoding="utf-8", newline="") as out:
            out.write("participant_id,municipality\n")
            for pid in ids:
                out.write(f"{pid},{rng.choice(MUNICIPALITIES)}\n")


if __name__ == "__main__":
    main()
