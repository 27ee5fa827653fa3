#!/usr/bin/env python3
"""Writes the seed corpora Fuzz/corpus/<target>/ from samples/ and the test fixtures.

Seeds are small on purpose (a header and a few rows of each sample export, the bad inputs the
unit tests feed the readers, the normalisation and scrubbing cases): libFuzzer mutates small
inputs fastest, and the committed corpus stays well under 2 MB. Run it again after the samples
or the fixtures change; it replaces the seed folders it writes.
"""
import hashlib
import json
import pathlib
import shutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "Fuzz" / "corpus"
EXPORTS = ROOT / "samples" / "exports"
FIXTURES = ROOT / "Tests" / "MeyasuTests" / "Fixtures"
BOM = b"\xef\xbb\xbf"


def head_rows(path, rows):
    """The header and the first `rows` records of an export (records may span lines)."""
    data = path.read_bytes()
    out, count, quoted = bytearray(), 0, False
    for index, byte in enumerate(data):
        out.append(byte)
        if byte == 0x22:
            quoted = not quoted
        elif byte == 0x0A and not quoted:
            count += 1
            if count > rows:
                break
    return bytes(out)


def exports():
    """Small cuts of every sample export, in their own encodings, and variants of them."""
    seeds = {}
    for path in sorted(EXPORTS.glob("*.csv")):
        cut = head_rows(path, 3)
        seeds[path.stem] = cut
        seeds[path.stem + "-1row"] = head_rows(path, 1)
        body = cut[3:] if cut.startswith(BOM) else cut
        seeds[path.stem + "-nobom"] = body
        seeds[path.stem + "-crlf"] = body.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        seeds[path.stem + "-cr"] = body.replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    # Bad rows the importer tests report, on the proposals header.
    proposals = head_rows(EXPORTS / "proposals-utf8bom.csv", 1)
    header, row = proposals.split(b"\n", 1)[0] + b"\n", proposals.split(b"\n", 1)[1]
    seeds["bad-date"] = header + row.replace(b"2023/06/01", b"2023/13/45", 1)
    seeds["bad-nul"] = header + row.replace("契約".encode(), b"\x00", 1)
    seeds["bad-utf8"] = header + row.replace("契約".encode(), b"\xff\xfe", 1)
    seeds["bad-short-row"] = header + b"1000009,2023/06/01 12:00:00\n"
    seeds["bad-long-row"] = header + row.rstrip(b"\r\n") + b",extra,cells\n"
    seeds["bad-unterminated"] = header + b'1000010,2023/06/01 12:00:00,,,,,,,,"open\n' + row
    seeds["bad-quote-in-cell"] = header + row.replace("件名".encode(), b'a"b', 1).replace(b",", b',x"y', 1)
    seeds["bad-duplicate-id"] = header + row + row
    seeds["bad-missing-column"] = b"\xe5\x9b\x9e\xe7\xad\x94ID,x\n1,2\n"
    return seeds


def csv_bad_inputs():
    """The reader's and detector's bad inputs from CSVReaderTests and EncodingDetectorTests."""
    return {
        "mixed-line-ends": b"a,b\r\nc,d\ne,f",
        "quoted": b'"a,b","c""d","e\r\nf"\n',
        "blank-lines": b"\n\n,,\na\n\r\n,\nb",
        "empty-cells": b"a,,b,\n",
        "unterminated": b'a,b\n"c,d\n',
        "runaway": b'a\n"b\nc\nd\n',
        "quote-in-unquoted": b'ab"c,d\n',
        "text-after-quote": b'"ab"c,d\n',
        "lone-cr": b"a,b\rc,d\r",
        "long-cell": b'"' + b"x" * 3000 + b'"\n',
        "empty": b"",
        "bom-only": BOM,
        "utf16le-bom": b"\xff\xfea\x00,\x00b\x00",
        "utf16be-nobom": b"\x00a\x00,\x00b\x00\n" * 4,
        "utf32": b"\xff\xfe\x00\x00a\x00\x00\x00",
        "zip": b"PK\x03\x04" + b"\x00" * 30,
        "xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 30,
        "pdf": b"%PDF-1.4\n",
        "binary": bytes(range(0, 64)),
        "one-nul": b"a,b\nc\x00,d\n",
        "sjis": "回答ID,件名\n1,半角ｶﾅと全角\n".encode("cp932"),
        "sjis-truncated": "件名".encode("cp932")[:-1],
        "utf8-one-broken": "件名,本文\n".encode() * 10 + b"\xe3\x81\n",
        "nec-ibm": "①②Ⅲ㈱髙﨑".encode("cp932"),
    }


def text_cases():
    """Normalisation cases (neologdn-cases.tsv) and scrubbing cases (pii-eval.jsonl)."""
    normal = []
    for line in (FIXTURES / "neologdn-cases.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        if line:
            normal.append(line.split("\t")[0].encode())
    normal += [s.encode() for s in [
        "９時～１７時", "０２５８－３９－２２２２", "ﾃﾞｰﾀﾍﾞｰｽ", "か゛", "㈱㍻㋿㌔㎡№㊤", "RPA を 導入 する",
        "スーパーーーー", "10 ～ 20件", "よろしくお願いします〜", "👨‍👩‍👧", "a\u200bb\ufeffc", "  a  \n  b  ",
        "Wi‐Fi －５℃ サーバ―", "“quote” ‘single’", "ｶﾞｷﾞｸﾞｹﾞｺﾞﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟｳﾞ", "①Ⅲ℃ﬁ",
        # What FuzzNormalizer found (now cases in TextNormalizerTests).
        "さ~－", "ー\tー", "あ－~ｰ﹣", "お ―﹣",
    ]]
    scrub = []
    for line in (FIXTURES / "pii-eval.jsonl").read_text(encoding="utf-8").splitlines():
        if line:
            scrub.append(json.loads(line)["input"].encode())
    return normal, scrub


def write(target, seeds):
    folder = CORPUS / target
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for seed in seeds:
        name = hashlib.sha1(seed).hexdigest()
        (folder / name).write_bytes(seed)


def dictionary(name, tokens):
    """A libFuzzer dictionary: one quoted token per line, non-ASCII bytes as \\xNN escapes."""
    lines = [f"# {name}: written by Fuzz/make_corpus.py"]
    for token in tokens:
        raw = token.encode() if isinstance(token, str) else token
        text = "".join(chr(b) if 0x20 <= b < 0x7F and b not in (0x22, 0x5C) else f"\\x{b:02X}" for b in raw)
        lines.append(f'"{text}"')
    (CORPUS.parent / "dict" / f"{name}.dict").write_text("\n".join(lines) + "\n")


CSV_TOKENS = [",", '"', '""', '","', "\r\n", "\n", "\r", BOM, "回答ID", "回答日時", "件名", "現状と課題", "改善案",
              "提案の種類", "分類", "添付ファイル", "所属部局", "所属課", "年代", "性別", "職種", "役職", "自由記述",
              "2024/07/01 08:15:05", "2023/06/01", "そう思う", "ややそう思う", "どちらともいえない",
              "あまりそう思わない", "そう思わない", "総務部", "人事課", "30代", "一般職員", "事務職", "女性",
              "Q1 ", "1:text", "2:choice",
              b"\x00", b"\xff", b"\x82\xa0", b"\x81\x60", b"\xb1\xde"]  # NUL, a bad byte, CP932 あ ～ ｱﾞ
TEXT_TOKENS = ["〜", "～", "ー", "－", "‐", "―", "ｰ", "ﾞ", "ﾟ", "゛", "゜", "　", "\u200b", "\ufeff", "\u200d",
               "\ufe0f", "①", "Ⅲ", "㈱", "㍻", "℃", "“", "”", "＠", "@", ".", "-", "(", ")", "（", "）", "+81",
               "内線", "電話", "TEL", "携帯", "FAX", "℡", "連絡先", "職員番号", "職番", "ID", "〒", "郵便番号", "丁目",
               "番地", "号", "長岡市", "大手通", "さん", "様", "課長", "係長", "山田", "太郎", "やまだ", "http://",
               "https://", "www.", "?q=", "user@", ".lg.jp", "0258", "090", "1234", "192.168.0.1", "::1",
               "時", "件", "ｶﾞ", "か゛", "\n", "\r\n"]


def main():
    files = list(exports().values()) + list(csv_bad_inputs().values())
    normal, scrub = text_cases()
    write("FuzzDecoder", files + [s.encode("cp932", "ignore") for s in (n.decode() for n in normal)])
    write("FuzzCSV", files)
    write("FuzzProfile", list(exports().values()))
    write("FuzzNormalizer", normal)
    write("FuzzScrubber", scrub)
    (CORPUS.parent / "dict").mkdir(exist_ok=True)
    dictionary("csv", CSV_TOKENS)
    dictionary("text", TEXT_TOKENS)
    total = sum(p.stat().st_size for p in CORPUS.rglob("*") if p.is_file())
    print(f"seed corpora in {CORPUS.relative_to(ROOT)}: {total / 1024:.0f} KB")


if __name__ == "__main__":
    main()
