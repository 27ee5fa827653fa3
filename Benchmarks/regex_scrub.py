#!/usr/bin/env python3
"""The baseline for scrub_vs_regex.sh: the regular-expression scrubber one writes in an
afternoon (ASCII e-mail, hyphenated phone numbers, 〒 postal codes, 内線 extensions, a name
before さん/様/課長). Reads stdin, writes stdout, line by line, like `meyasu scrub`.
"""
import re
import sys

PATTERNS = [
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"), "〔メール〕"),
    (re.compile(r"0\d{1,4}-\d{1,4}-\d{3,4}"), "〔電話番号〕"),
    (re.compile(r"(?<=内線)\d{2,6}"), "〔電話番号〕"),
    (re.compile(r"(?<=〒)\d{3}-?\d{4}"), "〔郵便番号〕"),
    (re.compile(r"[一-龥]{1,3}(?=(?:さん|様|課長|係長|部長))"), "〔氏名〕"),
]


def scrub(line: str) -> str:
    for pattern, placeholder in PATTERNS:
        line = pattern.sub(placeholder, line)
    return line


if __name__ == "__main__":
    write = sys.stdout.write
    for text in sys.stdin:
        write(scrub(text.rstrip("\n")) + "\n")
