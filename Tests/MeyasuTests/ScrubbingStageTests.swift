import Foundation
import GRDB
import Testing
@testable import Meyasu

/// On a first import the reading thread scrubs a batch itself when the Text stage is behind, and
/// leaves it to the Text stage otherwise (`RowProducer`'s spare work): whichever does it, the
/// same rows and counts are stored.
@Suite("ProposalImporter: the scrubbing done by whichever stage has time")
struct ScrubbingStageTests {
    @Test("A first import stores the same scrubbed rows and redaction counts whether the reading scrubs every batch, none, or as the backlog says")
    func sameWhoeverScrubs() throws {
        let folder = TemporaryFolder()
        let rows = (1...400).map { index in
            Fixtures.row("W\(index)", title: "窓口の混雑\(index)",
                         body: index.isMultiple(of: 3)
                            ? "担当は山田太郎さん、連絡先 taro.yamada\(index)@example.jp"
                            : "庁舎の案内表示を増やす。問い合わせは０２５８－３９－２２２２へ")
        }
        let path = folder.write("rows.csv", utf8: StoredRowsImportTests.csv(rows))
        func stored(fromBacklog: Int, _ name: String) throws -> (rows: [Row], report: FileImportReport) {
            let store = try MeyasuStore(path: folder.url.appendingPathComponent("\(name).sqlite").path)
            var importer = try StoredRowsImportTests.importer(store)
            importer.readingScrubsFromBacklog = fromBacklog
            let report = try importer.importFile(at: path)
            return (try store.read { db in try Row.fetchAll(db, sql: StoredRowsImportTests.columns) }, report)
        }
        let reading = try stored(fromBacklog: 0, "reading")
        #expect(reading.report.counts.imported == 400)
        #expect(reading.report.redactions[.phone] == 267 && reading.report.redactions[.email] == 133)
        // Nothing of an identifier is left in what was stored.
        let texts = reading.rows.map { row -> String in row["texts"] }.joined()
        #expect(!texts.contains("@example.jp") && !texts.contains("２２２２"))
        for (fromBacklog, name) in [(Int.max, "text"), (2, "backlog")] {
            let other = try stored(fromBacklog: fromBacklog, name)
            // Counted, not printed: a failure would otherwise print every row twice.
            let differing = zip(other.rows, reading.rows).filter { $0 != $1 }.count
            #expect(other.rows.count == reading.rows.count && differing == 0, "\(differing) rows differ (\(name))")
            #expect(other.report.redactions == reading.report.redactions)
        }
    }
}
