#!/usr/bin/env python3
"""Builds the labelled set for the identifier scrubber: proposal-like sentences with planted
identifiers of every kind and shape, and look-alikes that must survive. Deterministic (--seed).

Each JSON line: {"input": ..., "expected": ..., "planted": [[kind, value], ...]} where
`expected` is the input with every planted identifier replaced by its placeholder.
Usage: python3 Benchmarks/make_pii_eval.py > Tests/MeyasuTests/Fixtures/pii-eval.jsonl
"""
import json
import random
import sys

rng = random.Random(int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 7)
PH = {"email": "〔メール〕", "phone": "〔電話番号〕", "url": "〔URL〕", "ip": "〔IP〕", "my_number": "〔個人番号〕",
      "postal_code": "〔郵便番号〕", "staff_number": "〔職員番号〕", "name": "〔氏名〕", "address": "〔住所〕"}
FW = str.maketrans("0123456789-ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz@.:_",
                   "０１２３４５６７８９－ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ＠．：＿")
SURNAMES = "佐藤 鈴木 高橋 田中 伊藤 渡辺 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 林 清水 森 池田 橋本 石川 前田 藤田 後藤 近藤 村上 遠藤 青木".split()
TITLES = "さん 様 課長 係長 主査 部長 主任 氏 くん".split()
LOCAL = "yamada taro.sato k-suzuki hanako_t m.tanaka shimizu01 ito+ml kobayashi.k".split()
DOMAINS = "city.example.lg.jp example.jp mail.example.co.jp pref.example.lg.jp".split()

def d(n):
    return "".join(rng.choice("0123456789") for _ in range(n))

def my_number():
    digits = [rng.randint(0, 9) for _ in range(11)]
    total = sum(digits[11 - n] * (n + 1 if n <= 6 else n - 5) for n in range(1, 12))
    r = total % 11
    return "".join(map(str, digits)) + str(0 if r <= 1 else 11 - r)

def planted():
    kind = rng.choice(["email", "email", "phone", "phone", "phone", "phone", "ext", "staff", "my_number",
                       "postal", "address", "url", "ip", "name", "name"])
    if kind == "email":
        v = f"{rng.choice(LOCAL)}{d(2)}@{rng.choice(DOMAINS)}"
        if rng.random() < 0.3: v = v.translate(FW)
        return "email", v, v, f"詳細は{v}まで連絡ください。"
    if kind == "phone":
        shape = rng.choice(["0258-{}-{}", "090-{}-{}", "080{}{}", "(0258){}-{}", "025-{}-{}", "+81 90-{}-{}", "0120-{}-{}", "050-{}-{}"])
        a, b = (d(2) if shape.startswith("0258") or shape.startswith("(0258)") else d(3) if shape.startswith("0120") else d(4)), d(4 if not shape.startswith("0120") else 3)
        if shape.startswith("025-"): a = d(3)
        v = shape.format(a, b)
        r = rng.random()
        if r < 0.25: v = v.translate(FW)
        elif r < 0.35: v = v.replace("-", "ー")
        elif r < 0.45: v = v.replace("-", " ")
        return "phone", v, v, rng.choice([f"電話は{v}です。", f"問い合わせ先：{v}", f"担当（{v}）まで"])
    if kind == "ext":
        v = d(rng.choice([3, 4]))
        if rng.random() < 0.3: v = v.translate(FW)
        sep = rng.choice(["", "：", " "])
        return "phone", v, v, f"内線{sep}{v}までお願いします。"
    if kind == "staff":
        v = rng.choice([d(6), "A" + d(5), d(7)])
        label = rng.choice(["職員番号", "職番", "職員番号："])
        if rng.random() < 0.3: v = v.translate(FW)
        return "staff_number", v, v, f"{label}{v}の者です。"
    if kind == "my_number":
        v = my_number()
        if rng.random() < 0.4: v = f"{v[:4]}-{v[4:8]}-{v[8:]}"
        return "my_number", v, v, f"個人番号{v}を記入する欄がある。"
    if kind == "postal":
        v = f"{d(3)}-{d(4)}"
        if rng.random() < 0.3: v = v.translate(FW)
        label = rng.choice(["〒", "郵便番号", "〒 "])
        return "postal_code", v, v, f"{label}{v}に送付した。"
    if kind == "address":
        town = rng.choice(["大手通", "幸町", "殿町", "表町", "城内町"])
        v = rng.choice([f"{town}{rng.randint(1,5)}丁目{rng.randint(1,20)}番{rng.randint(1,30)}号", f"{town}{rng.randint(1,5)}-{rng.randint(1,20)}-{rng.randint(1,30)}"])
        return "address", v, v, f"長岡市{v}の倉庫に保管している。"
    if kind == "url":
        v = rng.choice([f"https://forms.example.jp/r?id={d(5)}", f"http://user{d(2)}@files.example.jp/share", f"https://example.jp/q?name=taro&id={d(3)}"])
        return "url", v, v, f"申請は {v} から。"
    if kind == "ip":
        v = f"192.168.{rng.randint(0,255)}.{rng.randint(1,254)}"
        return "ip", v, v, f"端末{v}が遅い。"
    surname = rng.choice(SURNAMES)
    title = rng.choice(TITLES)
    return "name", surname, surname, f"{surname}{title}に相談したところ、了承を得た。"

LOOKALIKES = [
    "予算は{a},{b},{c}円である。", "{y}/{m}/{dd}に実施した。", "{y}-{m}-{dd}から開始。", "9:00〜17:00に受付。",
    "{n}会議室で実施。", "第{n}条第{m}項による。", "職員数は{a},{b}人。", "令和{m}年{dd}日", "A4用紙{n}枚",
    "{n}番目の議題", "https://www.city.nagaoka.niigata.jp/ を見た。", "長岡市の窓口", "中村橋の補修", "森林の保全",
    "IDカードの更新", "内線電話の設定", "電話対応が多い", "{y}年度は52.2%", "{a}-{b}人の規模", "約{n}.{m}時間",
    "9時〜17時", "{m}月〜{dd}月", "{n}件（前年比{m}%増）", "平成{m}年{dd}月", "第{m}期計画", "Wi-Fi 6対応",
    "番号{mn}は無効な番号", "R{m}年度", "{y}年{m}月{dd}日{n}時", "延べ{a}人", "{n}-{m}号室",
]

def lookalike():
    t = rng.choice(LOOKALIKES)
    bad = my_number()
    bad = bad[:-1] + str((int(bad[-1]) + 1) % 10)
    return t.format(a=rng.randint(1, 999), b=f"{rng.randint(0,999):03d}", c=f"{rng.randint(0,999):03d}",
                    y=rng.randint(2019, 2026), m=rng.randint(1, 12), dd=rng.randint(1, 28), n=rng.randint(1, 500), mn=bad)

cases = []
for _ in range(340):
    kind, value, shown, sentence = planted()
    expected = sentence.replace(shown, PH[kind], 1)
    cases.append({"input": sentence, "expected": expected, "planted": [[kind, value]]})
for _ in range(140):
    text = lookalike()
    cases.append({"input": text, "expected": text, "planted": []})
rng.shuffle(cases)
for case in cases:
    print(json.dumps(case, ensure_ascii=False))
