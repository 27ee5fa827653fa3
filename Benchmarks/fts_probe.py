#!/usr/bin/env python3
"""Probe: is FTS5's cost on Japanese trigrams its term hash (chains of keys that share their
first bytes) or its per-term work? Fills an in-memory FTS5 table (detail=none, 4 MiB hash, 4,096
rows per statement) with the 100,000 generated proposals' texts twice: once through the trigram
tokenizer, once as the same distinct trigrams turned into random-looking ASCII words (a 40-bit
hash in base 32, ascii tokenizer), whose first bytes spread over the whole hash. Prints the CPU
seconds of each. Needs Benchmarks/out/proposals-100000-utf-8-sig-seed20250401.csv
(import_vs_sqlite.sh writes it). Uses the sqlite3 module, i.e. the system libsqlite3.
"""
import base64, csv, hashlib, pathlib, sqlite3, time

OUT = str(pathlib.Path(__file__).resolve().parent / 'out') + '/'
rows=[]
with open(OUT + 'proposals-100000-utf-8-sig-seed20250401.csv', encoding='utf-8-sig', newline='') as f:
    r=csv.reader(f); h=next(r)
    ti=h.index('件名'); idx=[i for i,c in enumerate(h) if c in ('現状と課題','改善案','期待される効果')]
    for row in r:
        rows.append((row[ti], '\n'.join(row[i] for i in idx)))
print(sqlite3.sqlite_version, len(rows), sum(len(a)+len(b) for a,b in rows)/len(rows))
def words(text):
    out=set()
    for line in text.split('\n'):
        for i in range(len(line)-2):
            g=line[i:i+3].encode()
            out.add(base64.b32encode(hashlib.blake2b(g,digest_size=5).digest()).decode().lower())
    return ' '.join(sorted(out))
prepared=[(words(a), words(b)) for a,b in rows]
print("distinct trigram words per proposal", sum(len(a.split())+len(b.split()) for a,b in prepared)/len(prepared))
for name, ddl, data in [
  ("trigram", "CREATE VIRTUAL TABLE f USING fts5(t, b, tokenize='trigram case_sensitive 1', detail='none')", rows),
  ("hashed words", "CREATE VIRTUAL TABLE f USING fts5(t, b, tokenize='ascii', detail='none')", prepared)]:
    c=sqlite3.connect(":memory:", isolation_level=None); c.execute(ddl); c.execute("INSERT INTO f(f, rank) VALUES('hashsize', 4194304)")
    t=time.process_time(); c.execute("BEGIN")
    for i in range(0,len(data),4096):
        c.executemany("INSERT INTO f(rowid,t,b) VALUES(?,?,?)", [(i+j+1,)+data[i+j] for j in range(min(4096,len(data)-i))])
    c.execute("COMMIT"); print(name, "CPU s", round(time.process_time()-t,2))
