import Foundation
import GRDB
import Testing
@testable import Meyasu

/// A cumulative export's rows stored already skip the Text stage and routing (`TextStage`'s
/// `storedHashes`); the writer decides their outcome in its transaction, as for every row.
@Suite("ProposalImporter: rows stored already skip the Text stage")
struct StoredRowsImportTests {
    static let organization = try! Fixtures.organization()
    static let date = CivilDate(year: 2025, month: 6, day: 1)!

    static func importer(_ store: MeyasuStore) throws -> ProposalImporter {
        ProposalImporter(store: store, profiles: [try Fixtures.proposalsProfile()], keyer: Fixtures.keyer, triage: "gyokan",
                         router: ProposalRouter(organization: organization, examples: []))
    }

    static func csv(_ rows: [String]) -> String {
        ([Fixtures.header] + rows).joined(separator: "\r\n") + "\r\n"
    }

    static let rows = (1...200).map {
        Fixtures.row("S\($0)", title: "ＲＰＡ　窓口の混雑\($0)", body: "庁舎の案内表示を増やす。問い合わせは０２５８－３９－２２２２へ")
    }

    /// Every stored column but the batch.
    static let columns = """
        SELECT id, response_key, content_sha256, submitted_on, title, title_key, texts, body_key, choices,
            routing_hint, routing_hint_key, has_attachment, department, status, routing FROM proposal ORDER BY id
        """

    @Test("The store's lookup: none for an in-memory or empty database; then each key's stored hash, nil for the others")
    func lookup() throws {
        #expect(try MeyasuStore().storedProposalHashes() == nil)
        let folder = TemporaryFolder()
        let store = try MeyasuStore(path: folder.url.appendingPathComponent("t.sqlite").path)
        #expect(store.storedProposalHashes() == nil)
        let path = folder.write("a.csv", utf8: Self.csv(Array(Self.rows.prefix(3))))
        #expect(try Self.importer(store).importFile(at: path).counts.imported == 3)
        let stored = try store.read { db in try Row.fetchAll(db, sql: "SELECT response_key, content_sha256 FROM proposal ORDER BY id") }
        let lookup = try #require(store.storedProposalHashes())
        let keys: [Data] = stored.map { $0["response_key"] }
        let unknown = Data(repeating: 1, count: 32)
        #expect(lookup([keys[2], unknown, keys[0]]) == [stored[2]["content_sha256"], nil, stored[0]["content_sha256"]])
    }

    @Test("In the Text stage, a row found stored is passed on as read and marked; the others get both forms and routing")
    func textStageSkipsStoredRows() throws {
        let input = MappedRowQueue<ProposalSubmission>()
        let output = MappedRowQueue<ProposalSubmission>()
        let stored = Data(repeating: 9, count: 32)
        func submission(_ key: UInt8) -> ProposalSubmission {
            ProposalSubmission(responseKey: Data(repeating: key, count: 32), contentHash: Data(repeating: key, count: 32),
                               submittedOn: Self.date, title: "ＲＰＡ　導入",
                               texts: [], choices: [], routingHint: nil, flags: [])
        }
        let lookup: MeyasuStore.StoredHashLookup = { keys in keys.map { $0.first == 2 ? stored : nil } }
        TextStage(router: PendingRouter(ready: ProposalRouter(organization: Self.organization, examples: [])),
                  storedHashes: lookup, workers: 1).start(from: input, into: output)
        #expect(input.put([.mapped(submission(1), line: 2, record: 1), .problem(RowProblem(line: 3, record: 2, reason: "bad")),
                           .mapped(submission(2), line: 4, record: 3)]))
        input.finish(digest: "digest", throwing: nil)
        let batch = try #require(try output.take())
        guard case .mapped(let new, _, _) = batch[0], case .mapped(let known, _, _) = batch[2] else {
            Issue.record("the rows did not come out in their places")
            return
        }
        #expect(new.storedContentHash == nil && new.title == "RPA 導入" && new.titleKey == "rpa導入" && new.routing != nil)
        #expect(known.storedContentHash == stored && known.title == "ＲＰＡ　導入" && known.titleKey.isEmpty && known.routing == nil)
        #expect(try output.take() == nil)
    }

    @Test("A cumulative export stores exactly what a first import of the same rows stores (scrubbed, normalised, routed), and counts the rest as already present or conflicts")
    func cumulativeSameAsFresh() throws {
        let folder = TemporaryFolder()
        let store = try MeyasuStore(path: folder.url.appendingPathComponent("t.sqlite").path)
        let first = folder.write("night1.csv", utf8: Self.csv(Array(Self.rows.prefix(120))))
        #expect(try Self.importer(store).importFile(at: first).counts.imported == 120)
        var later = Self.rows
        later[5] = Fixtures.row("S6", title: "書き換えた件名")  // a changed response: a conflict
        let second = folder.write("night2.csv", utf8: Self.csv(later))
        let report = try Self.importer(store).importFile(at: second)
        #expect(report.counts.imported == 80)
        #expect(report.counts.alreadyPresent == 119)
        #expect(report.counts.conflicts == 1)
        #expect(report.problems.map(\.line) == [7])
        // The new rows' identifiers were scrubbed by the Text stage (the reading leaves it to it
        // when proposals are stored already), and only theirs are counted.
        #expect(report.redactions[.phone] == 80)

        // The same rows imported into a fresh database in one go, with no lookup.
        let fresh = try MeyasuStore(path: folder.url.appendingPathComponent("fresh.sqlite").path)
        _ = try Self.importer(fresh).importFile(at: folder.write("all.csv", utf8: Self.csv(Self.rows)))
        let expected = try fresh.read { db in try Row.fetchAll(db, sql: Self.columns) }
        #expect(try store.read { db in try Row.fetchAll(db, sql: Self.columns) } == expected)
    }

    @Test("A row found stored but gone when the writer comes to it is completed and stored like any new row")
    func goneMeanwhile() throws {
        let folder = TemporaryFolder()
        let path = folder.write("rows.csv", utf8: Self.csv(Array(Self.rows.prefix(50))))
        let reference = try MeyasuStore(path: folder.url.appendingPathComponent("reference.sqlite").path)
        _ = try Self.importer(reference).importFile(at: path)

        // A lookup that finds every row, in a database that has none of them (as if each had
        // been deleted after the Text stage looked).
        let store = try MeyasuStore(path: folder.url.appendingPathComponent("t.sqlite").path)
        var importer = try Self.importer(store)
        importer.storedHashes = { keys in keys.map { _ in Data(repeating: 0, count: 32) } }
        let report = try importer.importFile(at: path)
        #expect(report.counts.imported == 50)
        #expect(report.counts.alreadyPresent == 0 && report.counts.conflicts == 0)
        let expected = try reference.read { db in try Row.fetchAll(db, sql: Self.columns) }
        #expect(try store.read { db in try Row.fetchAll(db, sql: Self.columns) } == expected)
    }
}
