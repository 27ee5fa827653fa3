#!/usr/bin/env python3
"""Generate synthetic LoGo Form exports of the annual staff survey (職員アンケート).

The form and its export are described in shared/reference/forms.md section 2,
the 14 課 and their 部局 in shared/reference/organization.md. Everything this
writes is fictional: the respondents, their answers, the comments, and the
names, extension numbers and mail addresses inside a few comments (there to
test the scrubber; mail addresses use @city.example.lg.jp).

Python 3 standard library only. Deterministic for a given --seed and options
(the encoding does not change the content: utf-8-sig and cp932 runs with the
same seed hold the same rows). Writes row by row, so memory stays flat for any
--respondents: a million rows (about 260 MB) took 28 s and 27 MB of memory.

    python3 Benchmarks/generate_survey.py --year 2024 --out survey.csv
    python3 Benchmarks/generate_survey.py --year 2024 --respondents 1000000 --out big.csv

The samples in samples/exports were written with (Python 3.11):

    python3 Benchmarks/generate_survey.py --year 2023 --respondents 1620 \\
        --seed 20230701 --encoding utf-8-sig --out samples/exports/survey-fy2023.csv
    python3 Benchmarks/generate_survey.py --year 2024 --respondents 1584 \\
        --seed 20240701 --encoding utf-8-sig --out samples/exports/survey-fy2024.csv
    python3 Benchmarks/generate_survey.py --year 2024 --respondents 1584 \\
        --seed 20240701 --encoding cp932 --out samples/exports/survey-fy2024-cp932.csv

Exact figures. For each question the generator fixes, before writing, the
number of blank cells (1-3 % of respondents) and the number of favourable
answers (そう思う + ややそう思う): it picks the favourable count whose share of
the non-blank answers, rounded half up to one decimal, equals the target. The
counts are then spread over the rows by sequential sampling without
replacement (the chance of a "yes" is remaining hits / remaining rows, tilted
by the respondent's 課, 年代, 職種, 役職 and a personal mood), so the totals are
exact for any size while departments still differ. Targets (percent
favourable of non-blank answers):

    FY2023: Q1 52.2  Q2 77.2  Q3 70.1  Q4 74.5 (published, R5)
            Q5 46.3  Q6 71.8  Q7 63.5  Q8 41.2 (invented)
    FY2024: Q1 60.6  Q2 74.5  Q3 71.2  Q4 76.3 (published, R6)
            Q5 51.7  Q6 73.4  Q7 65.9  Q8 47.6 (invented)
    other years: FY2024 moved by half the FY2023->FY2024 change per year,
                 kept within 35-85 (invented, not published).

When no favourable count hits a target exactly (possible below about 1,000
non-blank answers), the nearest count is used and a note is printed.

Departments. Respondents per 課 are fixed per year for the sample sizes (1620
in FY2023, 1584 in FY2024; other years use the FY2024 table) and scaled by
largest remainder for any other --respondents. They are uneven on purpose:
市民課 and 道路管理課 are large; 人権・男女共同参画課 and 広報課 have fewer
than 5 respondents, 会計課 5-9 (at the sample sizes).

Output: the header row with the form's labels, then one row per response in
the order of 回答日時. 回答ID: increasing integers from --id-start (default
(FY - 2000) * 10,000,000 + 1, e.g. 240000001 for FY2024), with occasional gaps.
回答日時: `YYYY/MM/DD HH:MM:SS` (JST) within the survey window: three weeks from
the first Monday of July of the fiscal year's first calendar year, mostly
weekdays in working hours (海の日 counts as a holiday). Encodings: utf-8-sig
(BOM, CRLF between records; default), utf-8 (no BOM, LF), cp932 (CRLF, as
Excel writes). Line breaks inside a comment are LF in every encoding.
A summary (counts and favourable % per question) goes to stderr.
"""

import argparse
import bisect
import csv
import datetime as _dt
import io
import math
import random
import sys
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
NQ = 8
LIKERT = ["そう思う", "ややそう思う", "どちらともいえない", "あまりそう思わない", "そう思わない"]

AGES = ["20代以下", "30代", "40代", "50代以上"]
GENDERS = ["男性", "女性", "回答しない"]
JOBS = ["事務職", "技術職", "保健・福祉職", "技能労務職", "その他"]
POSITIONS = ["一般職員", "係長級", "課長補佐級", "課長級以上"]

# Published (Q1-Q4) and invented (Q5-Q8) percent favourable.
TARGETS = {
    2023: ["52.2", "77.2", "70.1", "74.5", "46.3", "71.8", "63.5", "41.2"],
    2024: ["60.6", "74.5", "71.2", "76.3", "51.7", "73.4", "65.9", "47.6"],
}
# Share of blank cells per question (no answer), 1-3 %.
BLANK_RATE = [0.014, 0.017, 0.012, 0.021, 0.026, 0.015, 0.023, 0.029]

# code -> (部局, 課)
DEPARTMENTS = {
    "jinji":   ("総務部", "人事課"),
    "kosei":   ("総務部", "職員厚生課"),
    "gyokan":  ("総務部", "行政管理課"),
    "bunsho":  ("総務部", "文書法制課"),
    "dx":      ("DX推進部", "行政DX推進課"),
    "joho":    ("DX推進部", "情報政策課"),
    "zaisei":  ("財務部", "財政課"),
    "keiyaku": ("財務部", "契約検査課"),
    "kanzai":  ("財務部", "管財課"),
    "kaikei":  ("会計課", "会計課"),
    "jinken":  ("地方創生推進部", "人権・男女共同参画課"),
    "koho":    ("地方創生推進部", "広報課"),
    "shimin":  ("市民部", "市民課"),
    "doboku":  ("土木部", "道路管理課"),
}
DEPT_CODES = list(DEPARTMENTS)

# Respondents per 課 at the sample sizes. Any other size is scaled from these.
DEPT_COUNTS = {
    2023: {"shimin": 392, "doboku": 361, "kanzai": 206, "jinji": 148, "joho": 97,
           "bunsho": 88, "keiyaku": 76, "gyokan": 71, "kosei": 64, "zaisei": 58,
           "dx": 46, "kaikei": 7, "koho": 4, "jinken": 2},
    2024: {"shimin": 380, "doboku": 352, "kanzai": 198, "jinji": 151, "joho": 94,
           "bunsho": 83, "gyokan": 74, "keiyaku": 72, "kosei": 61, "zaisei": 55,
           "dx": 51, "kaikei": 6, "jinken": 4, "koho": 3},
}
for _y, _t in DEPT_COUNTS.items():
    assert set(_t) == set(DEPT_CODES), _y
DEFAULT_RESPONDENTS = {y: sum(t.values()) for y, t in DEPT_COUNTS.items()}   # 1620, 1584

# Demographics. 年代 per 課 (weights), 役職 given 年代, 職種 per 課, 性別 given 職種.
AGE_W = {
    "default": [22, 27, 26, 25],
    "dx": [30, 35, 22, 13], "joho": [24, 32, 26, 18], "shimin": [26, 24, 24, 26],
    "doboku": [16, 22, 28, 34], "kanzai": [15, 20, 27, 38], "kaikei": [18, 24, 28, 30],
}
POS_W_BY_AGE = [
    [96, 4, 0, 0],      # 20代以下
    [66, 32, 2, 0],     # 30代
    [36, 44, 15, 5],    # 40代
    [27, 26, 25, 22],   # 50代以上
]
JOB_W = {
    "default": [95, 2, 0, 0, 3],
    "kosei":   [72, 0, 24, 0, 4],
    "dx":      [80, 17, 0, 0, 3],
    "joho":    [64, 33, 0, 0, 3],
    "kanzai":  [66, 8, 0, 22, 4],
    "keiyaku": [70, 27, 0, 0, 3],
    "shimin":  [89, 0, 1, 0, 10],
    "doboku":  [24, 44, 0, 29, 3],
}
GENDER_W_BY_JOB = [
    [53, 44, 3],   # 事務職
    [82, 15, 3],   # 技術職
    [12, 85, 3],   # 保健・福祉職
    [88, 9, 3],    # 技能労務職
    [35, 61, 4],   # その他
]

# Logit shifts of "favourable" per question Q1..Q8. Missing entries are 0.
DEPT_EFFECT = {
    "jinji":   [0.1, 0.2, 0.3, -0.2, 0.2, -0.3, 0.2, 0.5],
    "kosei":   [0.0, 0.5, 0.3, 0.3, 0.0, 0.3, 0.3, 0.3],
    "gyokan":  [0.3, 0.0, 0.1, -0.1, 0.6, 0.0, 0.1, 0.4],
    "bunsho":  [-0.2, 0.0, -0.3, 0.0, -0.3, 0.1, 0.0, 0.2],
    "dx":      [0.6, 0.4, 0.5, 0.2, 0.8, 0.0, 0.2, 1.0],
    "joho":    [0.2, 0.0, 0.0, -0.2, 0.2, -0.3, 0.0, 0.8],
    "zaisei":  [-0.1, 0.0, 0.3, -0.7, 0.0, -0.6, 0.1, -0.2],
    "keiyaku": [-0.5, 0.1, -0.2, 0.0, -0.3, 0.0, 0.0, 0.0],
    "kanzai":  [0.0, 0.2, -0.1, 0.1, -0.1, 0.3, 0.0, -0.6],
    "kaikei":  [-0.3, 0.1, -0.2, 0.2, -0.2, 0.2, 0.0, -0.4],
    "jinken":  [0.2, 0.3, 0.5, 0.5, 0.3, 0.1, 0.2, 0.5],
    "koho":    [0.1, 0.2, 0.6, -0.4, 0.4, -0.2, 0.0, 0.1],
    "shimin":  [-0.5, 0.1, 0.1, -0.2, -0.2, -0.5, -0.3, -1.0],
    "doboku":  [-0.2, 0.2, 0.2, -0.5, -0.1, -0.3, 0.0, -1.2],
}
# Year-specific changes on top (FY2024: the DX tools reached the road crews,
# the counter got the 書かない窓口).
YEAR_DEPT_EFFECT = {
    2024: {"doboku": [0.2, 0, 0, 0, 0, 0, 0, 0.3], "shimin": [0.3, 0, 0, 0, 0, 0.1, 0, 0],
           "dx": [0.2, 0, 0, 0, 0, 0, 0, 0]},
}
AGE_EFFECT = [
    [0.0, 0.1, -0.1, 0.4, -0.4, 0.1, 0.0, 0.0],
    [0.0, 0.0, 0.0, -0.3, 0.0, -0.1, 0.0, 0.1],
    [0.0, 0.0, 0.0, -0.2, 0.0, 0.0, 0.0, 0.0],
    [0.0, -0.1, 0.2, 0.1, 0.1, 0.0, 0.0, -0.2],
]
JOB_EFFECT = [
    [0.0] * NQ,
    [0.0, 0.0, 0.2, 0.0, 0.0, 0.0, 0.0, -0.1],
    [0.0, 0.2, 0.5, 0.0, 0.0, -0.2, 0.0, -0.3],
    [0.0, 0.2, 0.0, 0.2, -0.3, 0.1, -0.2, -1.0],
    [0.0, 0.0, -0.1, 0.3, -0.4, 0.0, -0.2, -0.2],
]
POS_EFFECT = [
    [0.0] * NQ,
    [0.0, 0.0, 0.0, -0.2, 0.1, -0.2, 0.0, 0.0],
    [0.2, 0.0, 0.2, -0.3, 0.3, -0.1, 0.1, 0.0],
    [0.5, 0.1, 0.6, -0.2, 0.6, 0.0, 0.4, 0.1],
]
MOOD_SD = 0.9          # personal mood, shared by the eight answers of a respondent
# Logit shift of "blank" per question for 技能労務職 and その他 (Q8 often left open).
BLANK_JOB_EFFECT = {3: [0.2, 0, 0, 0, 0.3, 0, 0, 1.0], 4: [0.2, 0, 0, 0, 0.2, 0, 0, 0.5]}

COMMENT_RATE = 0.095          # before the mood tilt; about 10 % of rows end up with one
IDENT_PER_1600 = 10           # comments carrying an identifier, per 1,600 rows

# ---------------------------------------------------------------------------
# Comment material. Each topic belongs to a question (its sentences agree with
# the respondent's answer to it: "neg" after an unfavourable answer, "pos"
# after a favourable one) or to none. Placeholders: {a-b} a number in [a, b];
# {,a-b} the same written with a thousands comma; {a-b%k} a multiple of k.

TOPICS = {
    "workload": (0, None, {
        "neg": [
            "業務量に対して人員が足りず、毎日のように{2-3}時間程度の残業が続いています。",
            "係内で業務の偏りが大きく、特定の職員に仕事が集中していると感じます。",
            "新しい業務は増えるのに、やめる業務がほとんどありません。",
            "育休の職員の補充がなく、残った職員で業務を分担している状況です。",
            "急な照会や資料作成の依頼が多く、本来の業務が後回しになっています。",
            "月の残業が{40-60}時間を超える月が続いており、正直限界です。",
            "毎年同じ時期に同じ理由で忙しくなるのに、体制が変わりません。",
            "前任者からの引継ぎが不十分で、調べ直す時間がかなりかかりました。",
        ],
        "pos": [
            "業務分担を見直してもらい、以前より残業が減りました。",
            "係内で業務を平準化する取組が進み、仕事が回るようになってきました。",
            "不要な業務をいくつかやめたことで、定時に帰れる日が増えました。",
            "係の中で仕事を教え合うようになり、一人で抱え込むことが減りました。",
        ],
        "req": [
            "業務量に見合った人員配置をお願いします。",
            "業務の廃止や簡略化を、各課任せにせず全庁で進めてほしいです。",
            "欠員が出たときの応援の仕組みをつくってほしいです。",
        ]}),
    "meetings": (0, None, {
        "neg": [
            "説明だけの会議が多く、資料の送付で足りるものもあると思います。",
            "[desk]会議資料の作り込みに時間がかかりすぎています。",
            "会議が{16-17}時以降に設定されることがあり、結局定時に帰れません。",
            "会議の参加者が多すぎて、発言しない人も長時間拘束されています。",
            "[desk]事前レクのための資料を何度も直していて、本番より準備の方が長いです。",
            "打合せの日程調整だけで何日もかかることがあります。",
        ],
        "pos": [
            "オンライン会議が使えるようになり、庁舎間の移動時間が減りました。",
            "会議運営ガイドラインができてから、会議の時間が短くなったと感じます。",
            "[desk]ペーパーレス会議になり、資料の印刷や差し替えの手間がなくなりました。",
        ],
        "req": [
            "会議は原則1時間以内にするなど、ルールを徹底してほしいです。",
            "\"とりあえず全員参加\"の会議はやめてほしいです。",
        ]}),
    "paperwork": (0, None, {
        "neg": [
            "庁内照会が多く、毎年同じような内容に回答しています。",
            "[desk]電子決裁になっても紙の資料を添付する慣例が残っています。",
            "[desk]決裁の合議先が多く、起案から決裁まで{1-2}週間以上かかることがあります。",
            "[desk]財務会計の手続が複雑で、少額の支出でも書類が多いです。",
            "照会は全庁で年に{,1000-2000%100}件を超えると聞きました。減らせないでしょうか。",
            "[desk]同じ内容を複数のシステムに入力しなければならず、二度手間になっています。",
            "[desk]押印のために書類を持って回る時間がもったいないです。",
        ],
        "pos": [
            "[desk]電子決裁が進み、決裁を待つ時間が短くなりました。",
            "[desk]LoGoフォームで照会を集計できるようになり、取りまとめが楽になりました。",
            "[desk]専決の範囲が広がり、決裁が早くなりました。",
        ],
        "req": [
            "照会の回答様式をもっと簡単にしてほしいです。",
            "毎年の照会で必要のないものは思い切ってやめてほしいです。",
        ]}),
    "dx": (0, None, {
        "neg": [
            "パソコンの動作が遅く、ファイルを開くだけで待たされます。",
            "新しいシステムが次々に入りますが、使い方を覚える時間がありません。",
            "RPAを作った職員が異動し、誰も直せなくなっています。",
            "庁舎のWi-Fiがつながりにくく、会議室でオンライン会議に入れないことがあります。",
            "[crew]現場で使える端末がなく、事務所に戻ってから入力しています。",
        ],
        "pos": [
            "[desk]生成AIを使うようになって、文書の下書きにかかる時間が減りました。",
            "チャットツールが使えるようになり、ちょっとした確認が早くなりました。",
            "[desk]議事録の自動作成がとても助かっています。",
            "[desk]AI-OCRで入力作業が減り、確認に時間を使えるようになりました。",
            "[desk]大型モニターが入って、画面を見ながらの打合せがしやすくなりました。",
        ],
        "req": [
            "大型モニターやタブレットをもっと増やしてほしいです。",
            "新しいツールは、使い方の研修とセットで導入してほしいです。",
        ]}),
    "telework": (7, None, {
        "neg": [
            "[desk]テレワークの制度はありますが、実際には申請しにくい雰囲気があります。",
            "[desk]テレワークの日は紙の決裁が回せず、結局出勤することになります。",
            "[genba]窓口や現場の業務が中心なので、テレワークはほとんど利用できません。",
            "[desk]在宅勤務用のパソコンの台数が少なく、予約が取れないことがあります。",
            "スライド勤務のパターンが少なく、子どもの送迎の時間に合いません。",
            "[crew]テレワークは事務の人だけの制度だと感じています。",
            "[desk]在宅勤務の日に限って電話の取次ぎを頼まれ、結局出勤しています。",
        ],
        "pos": [
            "スライド勤務を使えるようになり、保育園の送迎がずいぶん楽になりました。",
            "[desk]月に{2-4}回ほど在宅勤務をしていて、集中して資料を作れています。",
            "[desk]テレワークの申請が簡単になり、使いやすくなりました。",
            "スライド勤務で朝の通勤ラッシュを避けられるようになりました。",
        ],
        "req": [
            "テレワークできる業務の範囲をはっきり示してほしいです。",
            "管理職がまずテレワークを使ってみてほしいです。",
            "[genba]現場の職員でも使える柔軟な勤務の仕組みを考えてほしいです。",
        ]}),
    "leave": (5, None, {
        "neg": [
            "繁忙期は休暇を取りにくく、年度末にまとめて取ることになってしまいます。",
            "休んでも自分の仕事がそのまま溜まるだけなので、結局休めません。",
            "急な子どもの発熱で休むとき、周囲に申し訳なく感じます。",
            "年休を取った日にも、問い合わせの電話がかかってくることがあります。",
            "係の人数が少なく、誰かが休むと窓口や電話が回らなくなります。",
            "夏季休暇を全部使い切れませんでした。",
        ],
        "pos": [
            "毎月の年休の予定をスケジュールに入れるようになり、休みやすくなりました。",
            "係内で声をかけ合って休暇を取れています。",
            "上司が率先して休みを取るので、こちらも休みやすいです。",
            "半日単位や時間単位で休めるので、通院と両立できています。",
        ],
        "req": [
            "休暇中の業務を代わりにできる体制をつくってほしいです。",
        ]}),
    "relations": (1, None, {
        "neg": [
            "係内の会話が少なく、困っていても相談しにくい雰囲気があります。",
            "若手が意見を言いにくい雰囲気があると思います。",
            "忙しさのせいか、職場がぴりぴりしていると感じることがあります。",
            "特定の人の機嫌で職場の空気が変わるのがつらいです。",
            "隣の係が何をしているのか、ほとんど分かりません。",
        ],
        "pos": [
            "係内の雰囲気が良く、困ったときにすぐ相談できます。",
            "朝のミーティングで進捗を共有するようになり、助け合いやすくなりました。",
            "異動してきたばかりですが、周りの方が丁寧に教えてくれて助かっています。",
            "忙しい時期でも声をかけ合える、良い職場だと思います。",
        ],
        "req": [
            "ハラスメントの相談窓口を、もっと相談しやすい形にしてほしいです。",
        ]}),
    "manager": (6, None, {
        "neg": [
            "上司が忙しすぎて、相談するタイミングがつかめません。",
            "業務の進み具合を上司が把握しておらず、締切直前に指示が変わることがあります。",
            "夕方{4-5}時過ぎに翌朝までの仕事を頼まれることがあります。",
            "誰がどれだけ残業しているのか、管理職が把握していないように見えます。",
            "指示があいまいで、何度も作り直すことがあります。",
        ],
        "pos": [
            "上司がこまめに声をかけてくれるので、負担が偏らずに済んでいます。",
            "課長が業務の状況をよく見ていて、繁忙期には応援を調整してくれました。",
            "係長が進捗を毎週確認してくれるので、締切前に慌てることが減りました。",
        ],
        "req": [
            "管理職のマネジメント研修をもっと充実させてほしいです。",
            "午後4時以降の業務指示の禁止を徹底してほしいです。",
        ]}),
    "career": (2, None, {
        "neg": [
            "同じ業務を長く担当していて、この先のキャリアが見えません。",
            "仕事の成果が評価にどうつながっているのか分かりにくいです。",
            "調整や事務手続きばかりで、本来やりたい仕事に時間を使えていません。",
            "希望を出しても異動先に反映されず、意欲が下がっています。",
        ],
        "pos": [
            "市民の方から直接お礼を言われたとき、やりがいを感じます。",
            "担当した事業が形になり、達成感がありました。",
            "新しい業務を任せてもらえて、成長できていると感じます。",
            "[genba]自分の仕事が市民の暮らしに直結していると感じられます。",
        ],
        "req": [
            "庁内インターンシップや公募制人事を早く実施してほしいです。",
            "資格取得の助成の対象をもっと広げてほしいです。",
            "期末の面談で、キャリアについても話す時間がほしいです。",
        ]}),
    "wlb": (3, None, {
        "neg": [
            "子育てと仕事の両立が難しく、部分休業を考えています。",
            "親の介護が始まり、今後も今の働き方を続けられるか不安です。",
            "平日は帰りが遅く、家族と過ごす時間がほとんどありません。",
            "保育園のお迎えに間に合わない日があり、家族に頼っています。",
        ],
        "pos": [
            "ワークライフバランスデーに定時で帰れるようになりました。",
            "男性も育児休業を取りやすくなってきたと感じます。",
            "ノー残業デーが定着してきて、平日にも家族と過ごせています。",
        ],
        "req": [
            "介護の支援制度をもっと分かりやすく周知してほしいです。",
            "育休から復帰した職員への配慮を、職場全体で共有してほしいです。",
        ]}),
    "proposal": (4, None, {
        "neg": [
            "改善を提案しても「前例がない」と言われて終わることが多いです。",
            "業務改善提案制度があることは知っていますが、出しても変わらない気がします。",
            "提案した後どうなったのか、結果が返ってきません。",
        ],
        "pos": [
            "業務改善提案で出した案が採用され、手続が一つ減りました。",
            "係内で改善のアイデアを出し合う時間ができました。",
            "匿名で提案できるようになり、気軽に出せるようになりました。",
        ],
        "req": [
            "提案の検討結果を全庁に公表してほしいです。",
        ]}),
    "office": (None, None, {
        "any": [
            "執務室が狭く、書類の置き場所がありません。",
            "夏場は午後になると執務室が暑く、集中できません。",
            "通年軽装になってとても助かっています。",
            "会議室が足りず、打合せの場所探しに苦労します。",
            "庁舎移転後の新しいオフィスがどうなるのか、早めに知りたいです。",
            "[crew]詰所の更衣室やシャワーが古く、改修してほしいです。",
        ],
        "req": []}),
    "health": (None, None, {
        "any": [
            "体調を崩して休む職員が周りで増えているように感じます。",
            "ストレスチェックの結果がどう活かされているのか分かりません。",
            "産業医との面談を、もっと気軽に受けられるようにしてほしいです。",
            "長時間勤務の人への面談が、形だけになっていると感じます。",
        ],
        "req": []}),
    "survey": (None, None, {
        "any": [
            "アンケートの結果を各職場にもきちんとフィードバックしてほしいです。",
            "毎年同じアンケートですが、結果がどう改善につながったのか知りたいです。",
            "回答期間が繁忙期と重なるので、時期を考えてほしいです。",
            "設問が少し答えにくかったです。",
            "本当に匿名なのか少し不安です。",
        ],
        "req": []}),
    # Department-specific topics: (question, departments)
    "counter": (5, ("shimin",), {
        "neg": [
            "窓口が混み合う日は、昼休みを交代で取るのが精一杯です。",
            "マイナンバーカードの手続が集中する時期は、応援がないと窓口が回りません。",
            "窓口の待ち時間への苦情対応で、精神的に疲れることがあります。",
            "多い日は1日に{,1000-1400%100}件ほどの証明書を発行しています。",
            "3月と4月は異動の手続が集中し、休暇はまず取れません。",
        ],
        "pos": [
            "書かない窓口が始まって、申請書の確認の手間が減りました。",
            "繁忙期に他課から応援に来てもらえて助かりました。",
            "オンライン申請が増えて、窓口の混雑が少し落ち着きました。",
        ],
        "req": [
            "窓口の人員を繁忙期に合わせて配置してほしいです。",
        ]}),
    "snow": (3, ("doboku",), {
        "neg": [
            "冬は除雪の待機や夜間の出動が続き、家庭との両立が難しいです。",
            "道路パトロールの人員が足りず、損傷の通報への対応が遅れがちです。",
            "現場の記録を事務所に戻ってから紙に書き直しています。",
            "大雪の年は、1月だけで休日出勤が{5-8}回ありました。",
        ],
        "pos": [
            "除雪体制の見直しで、待機の負担が少し軽くなりました。",
            "現場でタブレットが使えるようになり、報告書を作る時間が減りました。",
        ],
        "req": [
            "現場の報告をタブレットで完結できるようにしてほしいです。",
            "除雪の待機当番の回数を減らせるよう、委託を増やしてほしいです。",
        ]}),
    "budget": (3, ("zaisei", "keiyaku", "kaikei"), {
        "neg": [
            "予算編成の時期は連日遅くまで残ることになります。",
            "年度末は支払事務が集中し、休暇を取るのが難しいです。",
            "入札の手続が多く、担当者の負担が大きいです。",
            "各課からの問い合わせが多く、自分の仕事が夕方からになります。",
        ],
        "pos": [
            "予算要求の様式が簡単になり、作業が少し楽になりました。",
            "電子入札が広がって、紙の書類を扱う時間が減りました。",
        ],
        "req": [
            "財務事務の手続をもっと簡素化してほしいです。",
        ]}),
    "system": (3, ("joho", "dx"), {
        "neg": [
            "システム更改の時期は、夜間や休日の作業が続きます。",
            "問い合わせ対応に追われ、計画的に仕事を進められない日が多いです。",
            "パスワードの再設定の依頼が毎日のように来ます。",
        ],
        "pos": [
            "ヘルプデスクの委託で、問い合わせ対応の負担が減りました。",
        ],
        "req": []}),
    "hr": (3, ("jinji", "kosei"), {
        "neg": [
            "人事異動の時期は業務が集中し、毎年同じように残業が増えます。",
            "相談件数が増えているのに、担当の人数は変わっていません。",
            "年度初めは制度の問い合わせが集中し、どうしても休みが取りにくいです。",
        ],
        "pos": [
            "制度の見直しが職員の役に立っていると感じられ、励みになります。",
        ],
        "req": []}),
}

# Short, content-free answers some respondents type into the box.
EMPTY_ANSWERS = ["特になし", "特になし。", "特にありません。", "なし", "とくになし", "ありません。"]
OPENERS = ["いつもお疲れ様です。", "日頃から感じていることです。", "率直に書きます。", "個人的な意見です。"]
CLOSERS = ["よろしくお願いします。", "以上です。", "改善を期待しています。"]
# Sentence tags: [genba] only for 課 at the counter or in the field, or 技能労務職;
# [crew] only for 技能労務職 and the road department's 技術職; [desk] not for
# 技能労務職.
GENBA_DEPTS = ("shimin", "doboku", "kanzai")

SURNAMES = [("山田", "yamada"), ("佐藤", "sato"), ("鈴木", "suzuki"), ("高橋", "takahashi"),
            ("田中", "tanaka"), ("渡辺", "watanabe"), ("伊藤", "ito"), ("中村", "nakamura"),
            ("小林", "kobayashi"), ("加藤", "kato"), ("吉田", "yoshida"), ("山本", "yamamoto"),
            ("斎藤", "saito"), ("松本", "matsumoto"), ("井上", "inoue")]
GIVEN = [("太郎", "taro"), ("花子", "hanako"), ("健一", "kenichi"), ("美咲", "misaki"),
         ("大輔", "daisuke"), ("恵", "megumi"), ("翔太", "shota"), ("由美", "yumi")]

# Comments that carry an identifier. {main}: an ordinary sentence from the
# respondent's comment material. The kinds cycle in the order of IDENT_KINDS
# and each kind's templates in their order, so that the 10 comments of a
# sample file hold every kind: 4 names with a title (課長, さん, 係長, 部長),
# 2 extensions (one in full-width digits), 2 mail addresses, 2 full names
# with an extension or a mail address.
IDENT_TEMPLATES = {
    "ext": [
        "{main}詳しくは内線{ext}までお願いします。",
        "{main}（連絡先：内線{ext_fw}）",
        "{main}\n話を聞いてもらえるなら内線{ext}にお願いします。",
    ],
    "name": [
        "{sei}課長は忙しくても話を聞いてくれるので、相談しやすいです。",
        "{sei}係長に業務が集中していて、体調が心配です。{main}",
        "{sei}さんが育休から戻られて、係の負担がだいぶ減りました。",
        "{main}{sei}部長の指示が毎回変わるので、手戻りが多いです。",
        "人事課の{sei}主査には丁寧に相談に乗ってもらいました。",
    ],
    "email": [
        "{main}意見交換の場があれば参加したいです。{email}",
        "{main}\n詳しいことは {email} まで連絡ください。",
    ],
    "mixed": [
        "{main}{sei}{mei}（内線{ext}）",
        "{sei}{mei}です。{main}ご連絡は {email} へお願いします。",
    ],
}
IDENT_KINDS = ["name", "ext", "email", "mixed", "name"]

FW_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


# ---------------------------------------------------------------------------

def percent_half_up(fav, n):
    """Favourable share in percent, rounded half up to one decimal (a Decimal)."""
    if n == 0:
        return None
    return (Decimal(fav * 100) / Decimal(n)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def favourable_count(target, n):
    """The favourable count for n non-blank answers whose share rounds to target.

    Returns (count, exact). exact is False when no count hits the target (small n);
    the count is then the one whose share is closest."""
    t = Decimal(target)
    guess = int((t * n / 100).to_integral_value(rounding=ROUND_HALF_UP))
    for d in sorted(range(-3, 4), key=abs):
        f = guess + d
        if 0 <= f <= n and percent_half_up(f, n) == t:
            return f, True
    return min(max(guess, 0), n), False


def targets_for(year):
    if year in TARGETS:
        return list(TARGETS[year])
    a, b = TARGETS[2023], TARGETS[2024]
    out = []
    for x, y in zip(a, b):
        x, y = Decimal(x), Decimal(y)
        v = y + (y - x) / 2 * (year - 2024)
        v = min(max(v, Decimal(35)), Decimal(85))
        out.append(str(v.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)))
    return out


def dept_counts(year, n):
    table = DEPT_COUNTS.get(year, DEPT_COUNTS[2024])
    total = sum(table.values())
    if n == total:
        return dict(table)
    raw = {c: n * table[c] / total for c in DEPT_CODES}
    counts = {c: int(v) for c, v in raw.items()}
    rest = n - sum(counts.values())
    for c in sorted(DEPT_CODES, key=lambda c: (-(raw[c] - counts[c]), DEPT_CODES.index(c)))[:rest]:
        counts[c] += 1
    return counts


def largest_remainder(n, weights):
    total = sum(weights)
    raw = [n * w / total for w in weights]
    counts = [int(v) for v in raw]
    rest = n - sum(counts)
    for i in sorted(range(len(weights)), key=lambda i: (-(raw[i] - counts[i]), i))[:rest]:
        counts[i] += 1
    return counts


def _sigmoid(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _logit(p):
    return math.log(p) - math.log1p(-p)


class ExactSampler:
    """Draws exactly `hits` successes in `total` draws (sequential sampling without
    replacement), each draw tilted on the logit scale."""

    __slots__ = ("rem", "hits")

    def __init__(self, total, hits):
        self.rem = total
        self.hits = hits

    def draw(self, u, tilt):
        rem, hits = self.rem, self.hits
        self.rem = rem - 1
        if hits <= 0:
            return False
        if hits >= rem:
            self.hits = hits - 1
            return True
        p = _sigmoid(math.log(hits) - math.log(rem - hits) + tilt)
        if u < p:
            self.hits = hits - 1
            return True
        return False


class Cumulative:
    __slots__ = ("cum", "items", "total")

    def __init__(self, items, weights):
        self.items = items
        self.cum = []
        s = 0
        for w in weights:
            s += w
            self.cum.append(s)
        self.total = s

    def pick(self, u):
        return self.items[bisect.bisect_right(self.cum, u * self.total)]


# The personal mood, for the centring below: a normal distribution on a grid.
_MOOD_GRID = [(k / 4.0, math.exp(-(k / 4.0) ** 2 / 2)) for k in range(-12, 13)]
_MOOD_NORM = sum(w for _, w in _MOOD_GRID)


class Model:
    def __init__(self, year, counts):
        self.year = year
        yde = YEAR_DEPT_EFFECT.get(year, YEAR_DEPT_EFFECT[2024] if year > 2024 else {})
        self.dept_eff = {}
        for c in DEPT_CODES:
            e = list(DEPT_EFFECT[c])
            for q, v in enumerate(yde.get(c, [0] * NQ)):
                e[q] += v
            self.dept_eff[c] = e
        self.age_pick = {c: Cumulative(range(4), AGE_W.get(c, AGE_W["default"])) for c in DEPT_CODES}
        self.job_pick = {c: Cumulative(range(5), JOB_W.get(c, JOB_W["default"])) for c in DEPT_CODES}
        self.pos_pick = [Cumulative(range(4), w) for w in POS_W_BY_AGE]
        self.gender_pick = [Cumulative(range(3), w) for w in GENDER_W_BY_JOB]
        self.counts = counts
        self._combo = {}

    def effect(self, dept, age, job, pos):
        key = (dept, age, job, pos)
        e = self._combo.get(key)
        if e is None:
            d = self.dept_eff[dept]
            e = tuple(d[q] + AGE_EFFECT[age][q] + JOB_EFFECT[job][q] + POS_EFFECT[pos][q]
                      for q in range(NQ))
            self._combo[key] = e
        return e

    def combos(self):
        """(weight, dept, age, job, pos) over the population, weights summing to 1."""
        n = sum(self.counts.values()) or 1
        for dept in DEPT_CODES:
            wd = self.counts[dept] / n
            if wd == 0:
                continue
            aw = AGE_W.get(dept, AGE_W["default"])
            jw = JOB_W.get(dept, JOB_W["default"])
            for age in range(4):
                pa = aw[age] / sum(aw)
                for pos in range(4):
                    pp = POS_W_BY_AGE[age][pos] / sum(POS_W_BY_AGE[age])
                    for job in range(5):
                        pj = jw[job] / sum(jw)
                        w = wd * pa * pp * pj
                        if w > 0:
                            yield w, dept, age, job, pos

    def centre(self, rate, shift_of, mood_sd):
        """The constant c such that the mean of sigmoid(logit(rate) + shift + mood - c)
        over the population is rate: it keeps the samplers' odds level over the file."""
        if rate <= 0 or rate >= 1:
            return 0.0
        base = _logit(rate)
        grid = _MOOD_GRID if mood_sd else [(0.0, 1.0)]
        norm = _MOOD_NORM if mood_sd else 1.0
        acc = {}
        for w, dept, age, job, pos in self.combos():
            s = shift_of(dept, age, job, pos)
            for z, wz in grid:
                x = round(base + s + z * mood_sd, 9)
                acc[x] = acc.get(x, 0.0) + w * wz / norm
        pts = list(acc.items())
        c = 0.0
        for _ in range(50):          # Newton; the mean is monotone in c
            m = d = 0.0
            for x, w in pts:
                p = _sigmoid(x - c)
                m += w * p
                d += w * p * (1.0 - p)
            step = (m - rate) / d
            c += max(-2.0, min(2.0, step))
            if abs(step) < 1e-10:
                break
        return c


# ---------------------------------------------------------------------------
# Time stamps: three weeks from the first Monday of July.

def survey_days(year):
    d = _dt.date(year, 7, 1)
    while d.weekday() != 0:
        d += _dt.timedelta(days=1)
    umi = _dt.date(year, 7, 15)
    while umi.weekday() != 0:          # 海の日: third Monday of July
        umi += _dt.timedelta(days=1)
    # weekday weights per week: opening burst, reminder on the second Monday,
    # a small rush before the deadline (third Friday).
    week_w = [[20, 12, 9, 7, 6], [10, 6, 4, 4, 3], [5, 3, 3, 4, 6]]
    days = []
    for k in range(19):
        day = d + _dt.timedelta(days=k)
        wd = day.weekday()
        if wd >= 5 or day == umi:
            w, holiday = 0.3, True
        else:
            w, holiday = week_w[k // 7][wd], False
        days.append((day, w, holiday))
    return days


# (start second, end second, weight) of a working day, and of a holiday.
WORK_SLOTS = [(8 * 3600 + 15 * 60, 9 * 3600 + 30 * 60, 22), (9 * 3600 + 30 * 60, 12 * 3600, 22),
              (12 * 3600, 13 * 3600, 20), (13 * 3600, 16 * 3600 + 30 * 60, 18),
              (16 * 3600 + 30 * 60, 17 * 3600 + 45 * 60, 12), (17 * 3600 + 45 * 60, 21 * 3600 + 30 * 60, 6)]
HOLIDAY_SLOTS = [(9 * 3600, 22 * 3600, 1)]


def day_seconds(rng, k, holiday):
    slots = HOLIDAY_SLOTS if holiday else WORK_SLOTS
    pick = Cumulative(slots, [s[2] for s in slots])
    out = []
    for _ in range(k):
        a, b, _w = pick.pick(rng.random())
        out.append(a + int(rng.random() * (b - a)))
    out.sort()
    return out


# ---------------------------------------------------------------------------

class CommentWriter:
    def __init__(self, rng, total_rows):
        self.rng = rng
        self.topics = list(TOPICS.items())
        self.ident = ExactSampler(total_rows, round(total_rows * IDENT_PER_1600 / 1600))
        self.ident_count = 0
        self.ident_seen = {}
        self._picks = {}
        self._pools = {}

    def _fill(self, s):
        rng = self.rng
        out = []
        i = 0
        while True:
            j = s.find("{", i)
            if j < 0:
                out.append(s[i:])
                break
            k = s.index("}", j)
            out.append(s[i:j])
            spec = s[j + 1:k]
            comma = spec.startswith(",")
            spec, _, step = spec.lstrip(",").partition("%")
            step = int(step or 1)
            a, b = spec.split("-")
            v = rng.randint(int(a) // step, int(b) // step) * step
            out.append("{:,}".format(v) if comma else str(v))
            i = k + 1
        return "".join(out)

    def _topic(self, dept, job):
        pick = self._picks.get((dept, job))
        if pick is None:
            weights = []
            for name, (q, depts, pools) in self.topics:
                if depts is None:
                    w = 1.0
                    if name == "telework" and (job == 3 or dept in GENBA_DEPTS):
                        w = 2.0
                else:
                    w = 4.0 if dept in depts else 0.0
                weights.append(w)
            pick = self._picks[(dept, job)] = Cumulative(self.topics, weights)
        return pick.pick(self.rng.random())

    def _pool(self, topic, key, dept, job):
        """The sentences of a topic's pool that fit the respondent (tags removed)."""
        crew = job == 3 or (dept == "doboku" and job == 1)
        ck = (topic, key, dept in GENBA_DEPTS or job == 3, crew, job == 3)
        pool = self._pools.get(ck)
        if pool is None:
            flags = {"genba": ck[2], "crew": ck[3], "desk": not ck[4]}
            pool = []
            for sent in TOPICS[topic][2].get(key, []):
                if sent.startswith("["):
                    tag, _, sent = sent[1:].partition("]")
                    if not flags[tag]:
                        continue
                pool.append(sent)
            self._pools[ck] = pool
        return pool

    def _sentences(self, dept, job, answers, most=2):
        """1-3 sentences from one topic, in line with the respondent's answers."""
        rng = self.rng
        name, (q, depts, pools) = self._topic(dept, job)
        if q is None:
            polarity = "any"
        else:
            a = answers[q]
            has_pos = bool(self._pool(name, "pos", dept, job))
            if a in (0, 1):
                polarity = "pos" if has_pos and rng.random() < 0.85 else "neg"
            elif a is None or a == 2:
                polarity = "pos" if has_pos and rng.random() < 0.3 else "neg"
            else:
                polarity = "neg"
        pool = self._pool(name, polarity, dept, job)
        n = 1 if rng.random() < 0.6 else most
        picked = rng.sample(pool, min(n, len(pool)))
        req = self._pool(name, "req", dept, job)
        if polarity != "pos" and req and rng.random() < 0.35:
            picked.append(req[int(rng.random() * len(req))])
        return [self._fill(x) for x in picked]

    def _join(self, sents):
        rng = self.rng
        if rng.random() < 0.08:
            sents.insert(0, OPENERS[int(rng.random() * len(OPENERS))])
        if rng.random() < 0.06:
            sents.append(CLOSERS[int(rng.random() * len(CLOSERS))])
        text = ("\n" if len(sents) > 1 and rng.random() < 0.15 else "").join(sents)
        if rng.random() < 0.12:
            text = text.translate(FW_DIGITS)
        if rng.random() < 0.03:
            text += "\n"
        return text

    def comment(self, dept, job, mood, answers):
        rng = self.rng
        if self.ident.draw(rng.random(), 0.0):
            return self._ident_comment(dept, job, answers)
        if rng.random() >= _sigmoid(_logit(COMMENT_RATE) - 0.45 * mood):
            return ""
        r = rng.random()
        if r < 0.07:
            return EMPTY_ANSWERS[int(rng.random() * len(EMPTY_ANSWERS))]
        sents = self._sentences(dept, job, answers)
        if r > 0.88 and len(sents) < 3:      # a second, unrelated remark
            sents += self._sentences(dept, job, answers, most=1)[:1]
        return self._join(sents)

    def _ident_comment(self, dept, job, answers):
        rng = self.rng
        kind = IDENT_KINDS[self.ident_count % len(IDENT_KINDS)]
        seen = self.ident_seen.get(kind, 0)
        self.ident_seen[kind] = seen + 1
        self.ident_count += 1
        tpl = IDENT_TEMPLATES[kind][seen % len(IDENT_TEMPLATES[kind])]
        sei, sei_r = rng.choice(SURNAMES)
        mei, mei_r = rng.choice(GIVEN)
        ext = str(rng.randint(1000, 4999))
        style = rng.random()
        if style < 0.5:
            email = "%s-%s@city.example.lg.jp" % (sei_r, mei_r)
        elif style < 0.8:
            email = "%s.%s@city.example.lg.jp" % (mei_r[0], sei_r)
        else:
            email = "%s%s@city.example.lg.jp" % (sei_r, ext[-2:])
        main = "".join(self._sentences(dept, job, answers)[:1])
        return tpl.format(main=main, sei=sei, mei=mei, ext=ext,
                          ext_fw=ext.translate(FW_DIGITS), email=email)


# ---------------------------------------------------------------------------

def _open_out(path, encoding):
    if path in (None, "-"):
        return io.TextIOWrapper(sys.stdout.buffer, encoding=encoding, newline="",
                                errors="strict", write_through=False), False
    return open(path, "w", encoding=encoding, newline="", errors="strict", buffering=1 << 20), True


def plan(year, n):
    """Fixed counts: blanks and favourable answers per question, respondents per 課."""
    targets = targets_for(year)
    blanks = [round(n * r) for r in BLANK_RATE]
    favs, notes = [], []
    for q in range(NQ):
        nb = n - blanks[q]
        f, exact = favourable_count(targets[q], nb)
        if not exact and nb:
            notes.append("Q%d: %s %% cannot be hit with %d answers; %d favourable (%s %%)"
                         % (q + 1, targets[q], nb, f, percent_half_up(f, nb)))
        favs.append(f)
    return targets, blanks, favs, dept_counts(year, n), notes


def generate(year, n, out, encoding="utf-8-sig", seed=None, id_start=None, log=sys.stderr):
    if seed is None:
        seed = year * 10000 + 701
    if id_start is None:
        id_start = (year - 2000) * 10_000_000 + 1
    targets, blanks, favs, counts, notes = plan(year, n)
    for s in notes:
        print("note: " + s, file=log)

    rng = random.Random(seed)
    model = Model(year, counts)

    # Centring constants, so that the tilted samplers keep a level rate over the file.
    fav_c, blank_c = [], []
    for q in range(NQ):
        nb = n - blanks[q]
        rate = favs[q] / nb if nb else 0.0
        fav_c.append(model.centre(rate, lambda d, a, j, p, q=q: model.effect(d, a, j, p)[q], MOOD_SD))
        brate = blanks[q] / n if n else 0.0
        blank_c.append(model.centre(
            brate, lambda d, a, j, p, q=q: BLANK_JOB_EFFECT.get(j, [0] * NQ)[q], 0.0))

    blank_s = [ExactSampler(n, blanks[q]) for q in range(NQ)]
    fav_s = [ExactSampler(n - blanks[q], favs[q]) for q in range(NQ)]
    dept_rem = [counts[c] for c in DEPT_CODES]
    rem_total = n
    comments = CommentWriter(rng, n)

    days = survey_days(year)
    per_day = largest_remainder(n, [w for _, w, _ in days])

    term = "\n" if encoding == "utf-8" else "\r\n"
    f, close_f = _open_out(out, encoding)
    tally_fav = [0] * NQ
    tally_n = [0] * NQ
    next_id = id_start
    try:
        w = csv.writer(f, lineterminator=term, quoting=csv.QUOTE_MINIMAL)
        w.writerow(HEADER)
        for (day, _w, holiday), k in zip(days, per_day):
            if not k:
                continue
            prefix = day.strftime("%Y/%m/%d ")
            for sec in day_seconds(rng, k, holiday):
                # 課: sequential draw from the remaining counts (exact per 課).
                u = rng.random() * rem_total
                di = 0
                acc = dept_rem[0]
                while u >= acc:
                    di += 1
                    acc += dept_rem[di]
                dept_rem[di] -= 1
                rem_total -= 1
                dept = DEPT_CODES[di]
                age = model.age_pick[dept].pick(rng.random())
                job = model.job_pick[dept].pick(rng.random())
                pos = model.pos_pick[age].pick(rng.random())
                if job == 3 and pos >= 2 and rng.random() < 0.8:
                    pos = 1       # few 技能労務職 above 係長級
                gender = model.gender_pick[job].pick(rng.random())
                eff = model.effect(dept, age, job, pos)
                bje = BLANK_JOB_EFFECT.get(job)
                mood = rng.gauss(0.0, MOOD_SD)
                answers = []
                for q in range(NQ):
                    bt = (bje[q] if bje else 0.0) - blank_c[q]
                    if blank_s[q].draw(rng.random(), bt):
                        answers.append(None)
                        continue
                    x = eff[q] + mood
                    tally_n[q] += 1
                    if fav_s[q].draw(rng.random(), x - fav_c[q]):
                        tally_fav[q] += 1
                        # そう思う vs ややそう思う
                        answers.append(0 if rng.random() < _sigmoid(-0.5 + 0.8 * x) else 1)
                    else:
                        # どちらともいえない / あまりそう思わない / そう思わない
                        s0 = math.exp(0.25 * x)
                        s1 = math.exp(-0.3)
                        s2 = math.exp(-0.95 - 0.6 * x)
                        v = rng.random() * (s0 + s1 + s2)
                        answers.append(2 if v < s0 else (3 if v < s0 + s1 else 4))
                text = comments.comment(dept, job, mood, answers)
                hh, rest = divmod(sec, 3600)
                mm, ss = divmod(rest, 60)
                bu, ka = DEPARTMENTS[dept]
                w.writerow((next_id, "%s%02d:%02d:%02d" % (prefix, hh, mm, ss), bu, ka,
                            AGES[age], GENDERS[gender], JOBS[job], POSITIONS[pos],
                            *("" if a is None else LIKERT[a] for a in answers), text))
                next_id += 1 if rng.random() < 0.93 else rng.randint(2, 6)
    finally:
        if close_f:
            f.close()
        else:
            f.flush()
            f.detach()

    assert rem_total == 0 and all(v == 0 for v in dept_rem)
    assert tally_fav == favs and tally_n == [n - b for b in blanks], (tally_fav, favs)
    print("wrote %d responses (FY%d, seed %d, %s), 回答ID %s"
          % (n, year, seed, encoding, "%d-%d" % (id_start, next_id - 1) if n else "none"), file=log)
    for q in range(NQ):
        nb = n - blanks[q]
        print("  Q%d  n=%d  blank=%d  favourable=%d  %s %%  (target %s)"
              % (q + 1, nb, blanks[q], favs[q], percent_half_up(favs[q], nb), targets[q]), file=log)
    return favs


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="generate_survey.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--year", type=int, default=2024,
                    help="fiscal year (年度) of the survey, e.g. 2023 or 2024 (default 2024)")
    ap.add_argument("--respondents", type=int, default=None,
                    help="number of responses (default: 1620 for FY2023, 1584 otherwise); "
                         "any size, e.g. 1000000 for a benchmark")
    ap.add_argument("--seed", type=int, default=None,
                    help="random seed (default FY*10000+701, e.g. 20240701)")
    ap.add_argument("--encoding", choices=["utf-8-sig", "cp932", "utf-8"], default="utf-8-sig",
                    help="utf-8-sig (BOM, CRLF; default), cp932 (CRLF, as Excel saves it), "
                         "utf-8 (no BOM, LF)")
    ap.add_argument("--out", default="-", help="output file (default stdout)")
    ap.add_argument("--id-start", type=int, default=None,
                    help="first 回答ID (default (FY-2000)*10000000+1, e.g. 240000001)")
    a = ap.parse_args(argv)
    if a.year < 2000 or a.year > 2999:
        ap.error("--year must be a fiscal year such as 2024")
    n = a.respondents
    if n is None:
        n = DEFAULT_RESPONDENTS.get(a.year, DEFAULT_RESPONDENTS[2024])
    if n < 0:
        ap.error("--respondents must be >= 0")
    try:
        generate(a.year, n, a.out, a.encoding, a.seed, a.id_start)
    except BrokenPipeError:
        sys.stderr.close()
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
