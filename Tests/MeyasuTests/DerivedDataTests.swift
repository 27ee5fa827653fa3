import Foundation
import GRDB
import MeyasuSamples
import Testing
@testable import Meyasu

/// The search index and the similarity links are derived data: the import stores the proposals
/// alone, and `MeyasuStore.refreshDerivedData` (run by the CLI after the import, and by every
/// reader of the index that finds it behind) brings them up to date above the watermark.
@Suite("MeyasuStore: the derived data's catch-up")
struct DerivedDataTests {
    let folder = TemporaryFolder()

    /// Imports `rows` (Fixtures.row lines) as one file, without a catch-up.
    private func importRows(_ rows: [String], into store: MeyasuStore) throws {
        let path = folder.write("p\(UUID().uuidString).csv", utf8: ([Fixtures.header] + rows).joined(separator: "\r\n") + "\r\n", bom: true)
        let report = try Fixtures.importer(store).importFile(at: path)
        #expect(report.status == .imported)
    }

    private func watermark(_ store: MeyasuStore) throws -> Int64 {
        try store.read { db in try MeyasuStore.derivedThrough(db) }
    }

    /// The ids of the proposals the search index holds a trigram of `word` for, read straight from
    /// the index (no catch-up).
    private func indexed(_ word: String, in store: MeyasuStore) throws -> [Int64] {
        try store.read { db in
            try Int64.fetchAll(db, sql: "SELECT rowid FROM proposal_fts WHERE proposal_fts MATCH ? ORDER BY rowid",
                               arguments: [ProposalSearch.matchExpression(ProposalSearch.words(word))])
        }
    }

    /// Every derived row: links, buckets, signatures.
    private func derivedRows(_ store: MeyasuStore) throws -> [String] {
        try store.read { db in
            try String.fetchAll(db, sql: """
                SELECT 'similar ' || proposal_id || '>' || earlier_id || ':' || similarity FROM proposal_similar
                UNION ALL SELECT 'lsh ' || bucket || ' ' || proposal_id FROM proposal_lsh
                UNION ALL SELECT 'minhash ' || proposal_id || ' ' || hex(signature) FROM proposal_minhash
                ORDER BY 1
                """)
        }
    }

    /// Rows with many near-copies (template sentences, as the synthetic exports have), so that
    /// buckets hold more proposals than are compared and the choice of the most recent ones matters.
    private static func generatedRows(_ count: Int, prefix: String, seed: UInt64) -> [String] {
        let openings = ["庁内の会議資料を紙で配るのをやめ、タブレットで共有する。", "冬の朝に職員駐車場の除雪が間に合わない。",
                        "窓口の待ち時間が長く、申請書の記入に時間がかかっている。", "出張旅費の精算に押印が三つ要る。"]
        let middles = ["印刷と配布の手間が減り、差し替えもすぐにできる。", "除雪車を早く回してほしい。", "記入例を窓口に置いてはどうか。",
                       "電子決裁にすれば一日で終わる。", "来庁者にも職員にも良い。"]
        let endings = ["ぜひ検討してほしい。", "", "他の課でも同じ声がある。", "試行から始めたい。"]
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        return (1...count).map { index in
            var body: String = openings[next(openings.count)]
            body += middles[next(middles.count)]
            body += endings[next(endings.count)]
            if next(3) == 0 { body += String(index) }
            let subject: String = ["会議資料", "除雪", "窓口", "旅費"][next(4)]
            return Fixtures.row("\(prefix)\(index)", title: "\(subject)の改善\(next(5))", body: body)
        }
    }

    /// What the import linked when it linked each proposal as it stored it (before the catch-up
    /// existed), computed here from scratch: in id order, each proposal's buckets hold the earlier
    /// proposals with a signature; the four most recent of each bucket are compared; those of
    /// similarity 0.7 or more are linked, at most five, the most similar (then the newest) first.
    private func expectedLinks(_ store: MeyasuStore) throws -> [String] {
        let rows = try store.read { db in
            try Row.fetchAll(db, sql: "SELECT id, title_key, body_key FROM proposal ORDER BY id").map { row in
                (id: row["id"] as Int64, signature: SimilaritySignature(title: row["title_key"], body: row["body_key"]))
            }
        }
        var buckets: [Int64: [Int64]] = [:]
        var signatures: [Int64: SimilaritySignature] = [:]
        var links: [String] = []
        for (id, signature) in rows where !signature.isEmpty {
            var candidates: [Int64] = []
            for bucket in signature.buckets {
                for other in (buckets[bucket] ?? []).suffix(SimilarityLinker.bucketDepth).reversed() where !candidates.contains(other) {
                    candidates.append(other)
                }
            }
            var scored: [(id: Int64, similarity: Double)] = []
            for other in candidates {
                let similarity = signature.similarity(to: signatures[other]!)
                if similarity >= SimilarityLinker.threshold { scored.append((other, similarity)) }
            }
            scored.sort { left, right in
                left.similarity != right.similarity ? left.similarity > right.similarity : left.id > right.id
            }
            for link in scored.prefix(SimilarityLinker.maxLinks) {
                links.append("similar \(id)>\(link.id):\(link.similarity)")
            }
            for bucket in signature.buckets where buckets[bucket]?.last != id { buckets[bucket, default: []].append(id) }
            signatures[id] = signature
        }
        return links.sorted()
    }

    private func storedLinks(_ store: MeyasuStore) throws -> [String] {
        try derivedRows(store).filter { $0.hasPrefix("similar ") }.map { row in
            // SQLite prints the REAL as it stores it; compare as Swift prints the same Double.
            let parts = row.split(separator: ":")
            return "\(parts[0]):\(Double(String(parts[1]))!)"
        }.sorted()
    }

    // MARK: the watermark

    @Test("The import stores no derived data; the catch-up indexes and links exactly the proposals above the watermark")
    func catchUpExactlyTheMissing() throws {
        let store = try MeyasuStore()
        try importRows([Fixtures.row("A1", title: "除雪車の配置"), Fixtures.row("A2", title: "窓口の混雑")], into: store)
        #expect(try store.derivedDataPending() == 2)
        #expect(try indexed("除雪車", in: store).isEmpty)
        #expect(try derivedRows(store).isEmpty)

        let first = try store.refreshDerivedData()
        #expect(first == DerivedDataReport(proposals: 2, through: 2, transactions: 1))
        #expect(try indexed("除雪車", in: store) == [1])
        #expect(try store.derivedDataPending() == 0)

        try importRows([Fixtures.row("B1", title: "除雪車を増やす"), Fixtures.row("B2", title: "除雪車の車庫"),
                        Fixtures.row("B3", title: "会議の短縮")], into: store)
        #expect(try store.derivedDataPending() == 3)
        #expect(try indexed("除雪車", in: store) == [1])
        let second = try store.refreshDerivedData(chunk: 2)
        #expect(second == DerivedDataReport(proposals: 3, through: 5, transactions: 2))
        #expect(try indexed("除雪車", in: store) == [1, 3, 4])
        #expect(try watermark(store) == 5)

        // Up to date: nothing to do, nothing written twice.
        #expect(try store.refreshDerivedData() == DerivedDataReport(proposals: 0, through: 5, transactions: 0))
        #expect(try store.catchUpDerivedData() == nil)
        #expect(try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM proposal_minhash") } == 5)
    }

    @Test("After an import without a catch-up, a search and the similar list catch up first and find the new proposals")
    func readersCatchUp() throws {
        let store = try MeyasuStore()
        let body = "庁内の会議資料を紙で配るのをやめ、タブレットで共有する。印刷と配布の手間が減り、差し替えもすぐにできる。"
        try importRows([Fixtures.row("M1", title: "会議資料のペーパーレス化", body: body)], into: store)
        #expect(try store.proposals(ProposalFilter(words: ProposalSearch.words("ペーパーレス"))).map(\.id) == [1])
        try importRows([Fixtures.row("M2", title: "会議資料のペーパーレス化について", body: body + "ぜひ検討してほしい。")], into: store)
        #expect(try watermark(store) == 1)
        #expect(try store.similarProposals(id: 1).map(\.id) == [2])
        #expect(try watermark(store) == 2)

        try importRows([Fixtures.row("M3", title: "ペーパーレス会議の試行")], into: store)
        #expect(try store.proposals(ProposalFilter(words: ProposalSearch.words("ペーパーレス"))).map(\.id) == [3, 2, 1])
        // A list without search words reads no index and leaves the catch-up for later.
        try importRows([Fixtures.row("M4", title: "ペーパーレスの次")], into: store)
        #expect(try store.proposals(ProposalFilter()).count == 4)
        #expect(try store.derivedDataPending() == 1)
        #expect(try store.proposal(id: 4)?.similar.map(\.id) == [3])
        #expect(try store.derivedDataPending() == 0)
    }

    @Test("A catch-up stopped after its first transaction leaves the watermark on what is indexed; the next reader finishes it with the same links")
    func interruptedCatchUp() throws {
        let rows = Self.generatedRows(60, prefix: "G", seed: 7)
        let store = try MeyasuStore()
        try importRows(rows, into: store)
        // Stands for a kill: the transaction that would move the watermark past 25 fails.
        try store.writer.writeWithoutTransaction { db in
            try db.execute(sql: """
                CREATE TEMP TRIGGER stop BEFORE INSERT ON workspace_meta
                WHEN NEW.name = 'derived_through' AND CAST(NEW.value AS INTEGER) > 25
                BEGIN SELECT RAISE(ABORT, 'stopped'); END
                """)
        }
        #expect(throws: StoreError.self) { try store.refreshDerivedData(chunk: 25) }
        #expect(try watermark(store) == 25)
        let stored = try store.read { db in
            (try Int64.fetchAll(db, sql: "SELECT DISTINCT proposal_id FROM proposal_minhash ORDER BY 1"),
             try Int64.fetchAll(db, sql: "SELECT DISTINCT proposal_id FROM proposal_lsh ORDER BY 1"),
             try Int64.fetchOne(db, sql: "SELECT max(proposal_id) FROM proposal_similar"))
        }
        #expect(stored.0 == Array(1...25))
        #expect(stored.1 == Array(1...25))
        #expect((stored.2 ?? 0) <= 25)
        try store.writer.writeWithoutTransaction { db in try db.execute(sql: "DROP TRIGGER temp.stop") }

        #expect(try store.proposals(ProposalFilter(words: ProposalSearch.words("窓口の"))).count > 0)
        #expect(try watermark(store) == 60)
        let uninterrupted = try MeyasuStore()
        try importRows(rows, into: uninterrupted)
        try uninterrupted.refreshDerivedData()
        #expect(try derivedRows(store) == derivedRows(uninterrupted))
    }

    // MARK: the links

    @Test("The links are those the import made as it stored each proposal, whatever the chunk size", arguments: [1, 7, 32_768])
    func linksAsBefore(chunk: Int) throws {
        let store = try MeyasuStore()
        try importRows(Self.generatedRows(150, prefix: "A", seed: 11), into: store)
        try store.refreshDerivedData(chunk: chunk)
        try importRows(Self.generatedRows(150, prefix: "B", seed: 12), into: store)
        try store.refreshDerivedData(chunk: chunk)
        let links = try storedLinks(store)
        #expect(links.count > 50)
        #expect(links == (try expectedLinks(store)))
    }

    @Test("The catch-up writes without foreign-key checks and turns them back on after, on disk and in memory", arguments: [true, false])
    func foreignKeysBackOn(onDisk: Bool) throws {
        let store = onDisk ? try MeyasuStore(path: folder.url.appendingPathComponent("fk.sqlite").path) : try MeyasuStore()
        try importRows(Self.generatedRows(40, prefix: "F", seed: 13), into: store)
        try store.refreshDerivedData(chunk: 16)
        #expect(try store.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }.isEmpty)
        let error = try #require(throws: StoreError.self) {
            try store.transaction { db in
                try db.execute(sql: "INSERT INTO proposal_lsh (bucket, proposal_id) VALUES (1, 999999)")
            }
        }
        #expect(error.code == .unusable)
    }

    @Test("The sample exports link as before")
    func samplesLinkAsBefore() throws {
        let store = try MeyasuStore()
        let profiles = try Workspace(configURL: SampleFiles.directory.appendingPathComponent("meyasu.yaml")).loadProfiles()
        let importer = ProposalImporter(store: store, profiles: profiles, keyer: Fixtures.keyer, triage: "gyokan")
        for export in SampleFiles.proposalExports {
            #expect(try importer.importFile(at: export.path).status == .imported)
        }
        try store.refreshDerivedData()
        let links = try storedLinks(store)
        #expect(!links.isEmpty)
        #expect(links == (try expectedLinks(store)))
    }

    @Test("Signatures from the stored UTF-8 bytes equal those of the strings", arguments: [
        ("会議資料のペーパーレス化", "タブレットで共有する\n印刷が減る"), ("あ", "い"), ("", ""), ("abc", "x\u{0}yz"), ("𠮷野家の改善", "🎌旗を立てる"),
    ])
    func signatureFromBytes(title: String, body: String) {
        #expect(SimilaritySignature(title: title, body: body) == Self.signature(Array(title.utf8), Array(body.utf8)))
    }

    @Test("Ill-formed stored bytes are read as a String reads them", arguments: [
        [0xE4, 0xBC, 0x9A, 0xE8, 0xAD], [0xC0, 0xAF, 0x41, 0x42, 0x43, 0x44], [0xED, 0xA0, 0x80, 0xE4, 0xBC, 0x9A, 0xE8, 0xAD, 0xB0, 0xE8, 0xB3, 0x87],
        [0xF4, 0x90, 0x80, 0x80, 0x61, 0x62, 0x63], [0xE3, 0x81, 0x82, 0xE3, 0x81, 0x84, 0xE3, 0x81, 0x86, 0x80],
    ] as [[UInt8]])
    func signatureFromIllFormedBytes(bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(SimilaritySignature(title: text, body: text) == Self.signature(bytes, bytes))
    }

    private static func signature(_ title: [UInt8], _ body: [UInt8]) -> SimilaritySignature {
        title.withUnsafeBufferPointer { t in body.withUnsafeBufferPointer { b in SimilaritySignature(titleUTF8: t, bodyUTF8: b) } }
    }

    // MARK: deletion

    @Test("Deleting the newest proposal by hand lowers the watermark, so the id given again is indexed")
    func deletionKeepsWatermarkHonest() throws {
        let store = try MeyasuStore()
        try importRows([Fixtures.row("D1", title: "除雪車の配置"), Fixtures.row("D2", title: "除雪車の車庫")], into: store)
        try store.refreshDerivedData()
        try store.transaction { db in try db.execute(sql: "DELETE FROM proposal WHERE id = 2") }
        #expect(try watermark(store) == 1)
        #expect(try indexed("除雪車", in: store) == [1])
        try importRows([Fixtures.row("D3", title: "除雪車の増車")], into: store)
        #expect(try store.proposals(ProposalFilter(words: ProposalSearch.words("除雪車"))).map(\.id) == [2, 1])
        try store.transaction { db in
            try db.execute(sql: "INSERT INTO proposal_fts(proposal_fts) VALUES ('integrity-check')")
        }
    }
}
