import Foundation
import Logging
import Synchronization
import Testing
@testable import Meyasu

/// DESIGN promise 1 for this stage: identifier columns and the raw 回答ID never reach any byte
/// the system writes — the database, its WAL, or a log line.
@Suite("Identifier columns never reach storage or logs", .serialized)
struct IdentifierStorageTests {
    /// Collects every log line in memory.
    final class LogSink: LogHandler, @unchecked Sendable {
        // Guarded by the mutex; log handlers are called from the importer's thread only.
        let lines = Mutex<[String]>([])
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
                 file: String, function: String, line: UInt) {
            let text = "\(level) \(message) \(metadata ?? [:]) \(self.metadata)"
            lines.withLock { $0.append(text) }
        }
    }

    @Test("Planted names, e-mails, staff numbers, proposer departments, attachment names and 回答IDs appear in no written byte, also after answers, notes, reasons and hand-overs")
    func scanEveryByte() throws {
        let folder = TemporaryFolder()
        let identifiers = ["山田 太郎", "山田", "taro.yamada.4821@city.example.lg.jp", "STAFF-738291",
                           "秘密の所属課ZQ", "提案者個人メモ.xlsx", "RID-93f1a7e2", "RID-0b44c9d1", "RID-5c7e11aa",
                           // free-text identifiers and their normalised variants
                           "hanako.suzuki.7731", "４８２７", "4827", "０９０－７７３１－２２０４", "090-7731-2204", "7731-2204",
                           "９４０－８７７１", "940-8771", "739204", "佐々木", "5673-2681-9506", "567326819506",
                           "hk2291", "10.21.34.56", "fe80::1ff", "幸町２丁目", "幸町2丁目", "１番７５号", "1番75号"]
        let header = "回答ID,回答日時,氏名（任意）,メールアドレス,職員番号（任意）,提案者の所属,提案の種類,分類,関係する所属（わかれば）,件名,現状と課題,改善案,期待される効果,添付ファイル"
        let rows = [
            "RID-93f1a7e2,2025/06/12 14:03:27,山田 太郎,taro.yamada.4821@city.example.lg.jp,STAFF-738291,秘密の所属課ZQ,一般提案,デジタル化,情報政策課,会議資料の電子化,紙が多い,タブレットを使う,印刷費の削減,提案者個人メモ.xlsx",
            "RID-0b44c9d1,2025/06/13 09:00:00,,,,,課題提案,その他,,除雪の連絡,電話が多い,一覧を共有,問い合わせ削減,",
            // Identifiers inside free text, in several shapes: scrubbed before anything is stored.
            "RID-5c7e11aa,2025/06/14 09:00:00,,,,,一般提案,その他,,連絡先の件 hanako.suzuki.7731@example.jp,\"内線４８２７まで、携帯は０９０－７７３１－２２０４\",〒９４０－８７７１に送付,職員番号739204より,",
            // Every other kind, in the title, the texts and the routing hint.
            "RID-77c0d3e1,2025/06/15 09:00:00,,,,,一般提案,その他,佐々木係長に確認済み,個人番号5673-2681-9506の扱い,\"https://forms.example.jp/r?user=hk2291 を参照\",\"端末 10.21.34.56 と fe80::1ff:fe23:4567:890a\",長岡市幸町２丁目１番７５号に保管,",
            // What must survive: amounts, dates, times, ranges, counts, rooms, articles, places.
            "RID-a1b2c3d4,2025/06/16 09:00:00,,,,,一般提案,その他,,第12条第3項の見直し,\"予算1,234,567円、2025/06/12、9時〜17時、301会議室\",\"長岡市の森林と中村橋、52.2%から60.6%へ\",\"職員数1,234人\",",
            // A bad row: its identifiers must not leak through the problem report either.
            "RID-0b44c9d1-bad,2025/02/30 09:00:00,山田 太郎,taro.yamada.4821@city.example.lg.jp,STAFF-738291,秘密の所属課ZQ,一般提案,,,,,,,",
        ]
        let csv = folder.write("export.csv", utf8: ([header] + rows).joined(separator: "\r\n") + "\r\n", bom: true)
        let dataFolder = folder.url.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: dataFolder, withIntermediateDirectories: true)
        let store = try MeyasuStore(path: dataFolder.appendingPathComponent("meyasu.sqlite").path)
        let sink = LogSink()
        let importer = ProposalImporter(store: store, profiles: [try Fixtures.proposalsProfile()], keyer: Fixtures.keyer,
                                        triage: "gyokan", logger: Logger(label: "test") { _ in sink })
        let report = try importer.importFile(at: csv)
        #expect(report.counts.imported == 5)
        #expect(report.redactions[.email] == 1)
        #expect(report.redactions[.phone] == 2)
        #expect(report.redactions[.postalCode] == 1)
        #expect(report.redactions[.staffNumber] == 1)
        #expect(report.redactions[.name] == 1)
        #expect(report.redactions[.myNumber] == 1)
        #expect(report.redactions[.url] == 1)
        #expect(report.redactions[.ip] == 2)
        #expect(report.redactions[.address] == 1)
        #expect(report.counts.badRows == 1)
        // Import twice so that the WAL holds several versions of pages.
        _ = try importer.importFile(at: csv)
        // Department work: answers, notes, reasons and hand-overs hold free text too, and go
        // through the same scrubber before they are stored.
        let workflow = ProposalWorkflow(store: store, rules: StatusRules(), organization: try Fixtures.organization())
        let worked = try #require(try store.proposals(.init()).first)
        try workflow.update(worked.id, status: "検討中", answer: "連絡先 taro.yamada.4821@city.example.lg.jp まで", as: .admin)
        try workflow.addNote(worked.id, text: "内線４８２７まで、携帯は０９０－７７３１－２２０４", as: .admin)
        try workflow.update(worked.id, status: "不採用", reason: "職員番号739204より、〒９４０－８７７１", publish: true, as: .admin)
        try workflow.assign(worked.id, to: "doboku", reason: "佐々木係長に確認済み https://forms.example.jp/r?user=hk2291", as: .admin)
        #expect(try store.publishedAnswers().first?.answer.contains("〔メール〕") == true)

        var written = FolderBytes(folder: dataFolder).all
        #expect(written.contains { $0.0.hasSuffix("-wal") } || written.contains { $0.0.hasSuffix(".sqlite") })
        written.append(("log", Data(sink.lines.withLock { $0 }.joined(separator: "\n").utf8)))
        written.append(("report", Data(report.problems.map { $0.sentence(file: report.file) }.joined(separator: "\n").utf8)))
        for (name, data) in written {
            for identifier in identifiers {
                #expect(data.range(of: Data(identifier.utf8)) == nil, "\(identifier) found in \(name)")
            }
        }
        // Zero false redactions on the must-survive row.
        let survivor = try #require(try store.proposals(.init()).first { $0.title.hasPrefix("第12条") })
        let detail = try #require(try store.proposal(id: survivor.id))
        let stored = detail.texts.map(\.text).joined(separator: " ")
        for value in ["1,234,567円", "2025/06/12", "9時〜17時", "301会議室", "長岡市の森林と中村橋", "52.2%から60.6%", "職員数1,234人"] {
            #expect(stored.contains(value), "\(value) was redacted")
        }
        #expect(!stored.contains("〔"))
        // The attachment survives only as a flag.
        #expect(try store.proposals(.init()).contains { $0.hasAttachment })
    }
}

/// Every file under a folder, read as bytes.
struct FolderBytes {
    let folder: URL

    var all: [(String, Data)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.compactMap { name in
            FileManager.default.contents(atPath: folder.appendingPathComponent(name).path).map { (name, $0) }
        }
    }
}
