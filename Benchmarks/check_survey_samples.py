#!/usr/bin/env python3
"""Check a synthetic staff-survey export (職員アンケート, forms.md section 2).

Reads a LoGo CSV export of the survey in any of its encodings (a UTF-8 BOM is
detected; otherwise UTF-8 is tried, then CP932), and prints:

- the encoding, the record ends and the number of respondents;
- per question Q1-Q8: the answers (n, blank cells), the favourable count
  (そう思う + ややそう思う) and the favourable share of the non-blank answers in
  percent, rounded half up to one decimal (decimal.Decimal, ROUND_HALF_UP);
- respondents per 所属課 (with its 所属部局), largest first, marking groups
  under 5 and under 10;
- free-text comments: how many are filled in, and how many hold an identifier
  (内線, a mail address, a name with an honorific).

It fails (exit status 1) on a malformed file: a wrong header, an unknown
Likert label, a repeated 回答ID, a badly formed 回答日時.

    python3 Benchmarks/check_survey_samples.py samples/exports/survey-fy2024.csv --expect 2024
    python3 Benchmarks/check_survey_samples.py samples/exports/survey-fy2024-cp932.csv \\
        --expect 2024 --same-as samples/exports/survey-fy2024.csv

--expect 2023 / --expect 2024 also exits 1 unless Q1-Q4 reproduce the city's
published figures (FY2023: 52.2 77.2 70.1 74.5; FY2024: 60.6 74.5 71.2 76.3).
--same-as OTHER exits 1 unless both files decode to exactly the same rows.
--by-dept prints the favourable % per 課 and question (課 with >= 10 answers).
Python 3 standard library only.
"""

import argparse
import codecs
import csv
import re
import sys
from collections import Counter
from decimal import Decimal, ROUND_HALF_UP

HEADER = [
    "回答ID", "回答日時", "所属部局", "所属課", "年代", "性別", "職種", "役職",
    "Q1 自分の職場では効率的に仕事が進められている",
    "Q2 職場の人間関係や雰囲気が良いと感じている",
    "Q3 現在の仕事にやりがいを感じている",
    "Q4 仕事と家庭の両立ができていると感じている",
    "Q5 業務改善の提案をしやすい雰囲気がある",
    "Q6 必要なときに年次休暇を取得できている",
    "Q7 上司は部下の業務の進捗や負担を把握している",
    "Q8 テレワークやスライド勤務を利用しやすい",
    "自由記述",
]
Q_FIRST = 8
NQ = 8
LIKERT = ["そう思う", "ややそう思う", "どちらともいえない", "あまりそう思わない", "そう思わない"]
FAVOURABLE = set(LIKERT[:2])
BANDS = {
    "年代": {"20代以下", "30代", "40代", "50代以上"},
    "性別": {"男性", "女性", "回答しない"},
    "職種": {"事務職", "技術職", "保健・福祉職", "技能労務職", "その他"},
    "役職": {"一般職員", "係長級", "課長補佐級", "課長級以上"},
}
PUBLISHED = {
    2023: ["52.2", "77.2", "70.1", "74.5"],
    2024: ["60.6", "74.5", "71.2", "76.3"],
}
STAMP = re.compile(r"\A\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}\Z")
IDENT = re.compile(r"内線[0-9０-９]{3,5}|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+"
                   r"|[一-龥]{1,3}(?:さん|課長|係長|部長|主査)")


def percent_half_up(fav, n):
    if n == 0:
        return None
    return (Decimal(fav * 100) / Decimal(n)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def detect(path):
    """The file's encoding (for open()) and a description: BOM, else UTF-8, else CP932."""
    with open(path, "rb") as f:
        if f.read(3) == b"\xef\xbb\xbf":
            return "utf-8-sig", "UTF-8 with BOM"
        f.seek(0)
        dec = codecs.getincrementaldecoder("utf-8")("strict")
        try:
            while True:
                chunk = f.read(1 << 20)
                dec.decode(chunk, final=not chunk)
                if not chunk:
                    return "utf-8", "UTF-8 without BOM"
        except UnicodeDecodeError:
            return "cp932", "CP932"


def count_breaks(path):
    """(CRLF, bare LF) in the raw bytes."""
    crlf = lf = 0
    last = b""
    with open(path, "rb") as f:
        while True:
            chunk = f.read(1 << 20)
            if not chunk:
                return crlf, lf - crlf
            lf += chunk.count(b"\n")
            crlf += chunk.count(b"\r\n") + (last == b"\r" and chunk[:1] == b"\n")
            last = chunk[-1:]


def rows_of(path):
    enc, _ = detect(path)
    with open(path, encoding=enc, newline="") as f:
        yield from csv.reader(f)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, prog="check_survey_samples.py",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", help="survey export (CSV)")
    ap.add_argument("--expect", type=int, choices=sorted(PUBLISHED),
                    help="fail unless Q1-Q4 match the published figures of this fiscal year")
    ap.add_argument("--same-as", metavar="OTHER",
                    help="fail unless OTHER decodes to exactly the same rows")
    ap.add_argument("--by-dept", action="store_true",
                    help="also print favourable %% per 課 and question")
    a = ap.parse_args(argv)

    errors = []
    enc, enc_name = detect(a.file)
    f = open(a.file, encoding=enc, newline="")
    reader = csv.reader(f)
    header = next(reader, None)
    if header is None:
        print("%s: empty file" % a.file)
        return 1
    if header != HEADER:
        errors.append("header differs from the form's labels: %r" % header)

    ids = Counter()
    n = [0] * NQ
    fav = [0] * NQ
    blank = [0] * NQ
    dist = [Counter() for _ in range(NQ)]
    depts = Counter()
    dept_q = {}
    comments = ident = multiline = 0
    days = Counter()
    respondents = in_cells = 0
    for i, r in enumerate(reader, start=2):
        respondents += 1
        in_cells += sum(c.count("\n") for c in r)
        if len(r) != len(HEADER):
            errors.append("record %d has %d cells" % (i, len(r)))
            continue
        ids[r[0]] += 1
        if not r[0].isdigit():
            errors.append("record %d: 回答ID %r is not an integer" % (i, r[0]))
        if not STAMP.match(r[1]):
            errors.append("record %d: 回答日時 %r" % (i, r[1]))
        days[r[1][:10]] += 1
        key = (r[2], r[3])
        depts[key] += 1
        for j, (name, allowed) in enumerate(BANDS.items()):
            if r[4 + j] not in allowed:
                errors.append("record %d: %s %r" % (i, name, r[4 + j]))
        per = dept_q.setdefault(key, [[0, 0] for _ in range(NQ)])
        for q in range(NQ):
            v = r[Q_FIRST + q]
            if v == "":
                blank[q] += 1
                continue
            if v not in LIKERT:
                errors.append("record %d: Q%d %r is not a Likert label" % (i, q + 1, v))
                continue
            n[q] += 1
            dist[q][v] += 1
            per[q][0] += 1
            if v in FAVOURABLE:
                fav[q] += 1
                per[q][1] += 1
        c = r[-1]
        if c:
            comments += 1
            multiline += "\n" in c
            ident += bool(IDENT.search(c))
    f.close()
    dup = [k for k, v in ids.items() if v > 1]
    if dup:
        errors.append("%d repeated 回答ID, e.g. %s" % (len(dup), dup[:3]))
    crlf, bare_lf = count_breaks(a.file)
    if bare_lf == in_cells and crlf >= respondents:
        ends = "CRLF"
    elif crlf == 0:
        ends = "LF"
    else:
        ends = "mixed"
    print("%s: %s, %s record ends, %d respondents (%d line breaks inside cells)"
          % (a.file, enc_name, ends, respondents, in_cells))

    cells = respondents * NQ
    print("回答ID %s-%s; 回答日時 %s to %s (%d days)"
          % (min(ids, key=int) if ids else "-", max(ids, key=int) if ids else "-",
             min(days) if days else "-", max(days) if days else "-", len(days)))
    print("blank Likert cells: %d of %d (%.1f %%)"
          % (sum(blank), cells, 100.0 * sum(blank) / cells if cells else 0.0))
    print()
    print("question  n     blank  favourable  %     " + " / ".join(LIKERT))
    pct = []
    for q in range(NQ):
        p = percent_half_up(fav[q], n[q])
        pct.append(p)
        print("Q%d        %-5d %-6d %-11d %-5s %s"
              % (q + 1, n[q], blank[q], fav[q], p, " / ".join(str(dist[q][l]) for l in LIKERT)))
    print()
    print("respondents per 課 (%d 課):" % len(depts))
    for (bu, ka), k in sorted(depts.items(), key=lambda kv: (-kv[1], kv[0])):
        mark = "  (< 5)" if k < 5 else ("  (< 10)" if k < 10 else "")
        print("  %-8s %-12s %5d%s" % (bu, ka, k, mark))
    print()
    print("comments: %d filled (%.1f %%), %d over several lines, %d with an identifier"
          % (comments, 100.0 * comments / respondents if respondents else 0.0, multiline, ident))

    if a.by_dept:
        print()
        print("favourable % per 課 (課 with >= 10 respondents):")
        print("  %-12s %5s  %s" % ("課", "n", "  ".join("Q%d  " % (q + 1) for q in range(NQ))))
        for (bu, ka), k in sorted(depts.items(), key=lambda kv: (-kv[1], kv[0])):
            if k < 10:
                continue
            per = dept_q[(bu, ka)]
            print("  %-12s %5d  %s" % (ka, k, "  ".join(
                "%5s" % percent_half_up(f, m) for m, f in per)))

    if a.expect:
        want = [Decimal(x) for x in PUBLISHED[a.expect]]
        bad = [q for q in range(4) if pct[q] != want[q]]
        print()
        if bad:
            for q in bad:
                errors.append("Q%d: %s %% favourable, FY%d published %s %%"
                              % (q + 1, pct[q], a.expect, want[q]))
        else:
            print("Q1-Q4 match the published FY%d figures: %s"
                  % (a.expect, ", ".join("Q%d %s" % (q + 1, want[q]) for q in range(4))))

    if a.same_as:
        mine, other = rows_of(a.file), rows_of(a.same_as)
        k = 0
        diff = None
        while True:
            x, y = next(mine, None), next(other, None)
            if x is None and y is None:
                break
            if x != y:
                diff = k + 1
                break
            k += 1
        if diff is None:
            print("same rows as %s (%s): %d records" % (a.same_as, detect(a.same_as)[1], k - 1))
        else:
            errors.append("rows differ from %s (first difference at row %d, the header being row 1)" % (a.same_as, diff))

    if errors:
        print()
        for e in errors[:20]:
            print("error: " + e)
        if len(errors) > 20:
            print("error: ... %d more" % (len(errors) - 20))
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(1)
