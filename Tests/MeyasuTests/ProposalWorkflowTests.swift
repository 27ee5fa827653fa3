import Foundation
import GRDB
import Testing
@testable import Meyasu

/// The workflow rules of issue 6: statuses and their moves, reasons, answers drafted then
/// published, private notes, hand-overs, and that only the department a proposal is assigned
/// to (or admin) may act on it.
@Suite("ProposalWorkflow")
struct ProposalWorkflowTests {
    let store: MeyasuStore
    let workflow: ProposalWorkflow
    let folder = TemporaryFolder()

    init() throws {
        store = try MeyasuStore()
        workflow = ProposalWorkflow(store: store, rules: StatusRules(), organization: try Fixtures.organization(),
                                    clock: { Date(timeIntervalSince1970: 1_760_000_000) })
    }

    /// Imports `rows` (Fixtures.row lines); without a router every proposal goes to gyokan.
    @discardableResult
    private func importRows(_ rows: [String]) throws -> [Int64] {
        let path = folder.write("p\(UUID().uuidString).csv", utf8: ([Fixtures.header] + rows).joined(separator: "\r\n") + "\r\n", bom: true)
        let report = try Fixtures.importer(store).importFile(at: path)
        #expect(report.status == .imported)
        return try store.proposals(.init()).map(\.id).sorted()
    }

    private func setStatus(_ id: Int64, _ status: String) throws {
        try store.transaction { db in try db.execute(sql: "UPDATE proposal SET status = ? WHERE id = ?", arguments: [status, id]) }
    }

    // MARK: statuses

    @Test("Every move between the default statuses is allowed exactly when the configuration lists it",
          arguments: StatusRules.defaultStatuses)
    func everyTransition(from: String) throws {
        let rules = StatusRules()
        let ids = try importRows(rules.statuses.enumerated().map { Fixtures.row("T\($0.offset)", title: "件名\($0.offset)") })
        for (index, to) in rules.statuses.enumerated() where to != from {
            let id = ids[index]
            try setStatus(id, from)
            let allowed = StatusRules.defaultTransitions[from]?.contains(to) ?? false
            do {
                try workflow.update(id, status: to, reason: "理由を書く", as: .admin)
                #expect(allowed, "\(from) → \(to) should be refused")
                #expect(try store.proposalState(id: id)?.status == to)
            } catch let error as WorkflowError {
                #expect(!allowed, "\(from) → \(to) should be allowed: \(error.message)")
                #expect(error.code == .illegalTransition)
                #expect(error.message.contains("proposal \(id) cannot move from \(from) to \(to)"))
                #expect(try store.proposalState(id: id)?.status == from)
            }
        }
    }

    @Test("The default path: 受付 → 検討中 → 採用 → 実施済, each move an event with its actor")
    func defaultPath() throws {
        let id = try importRows([Fixtures.row("P1")])[0]
        #expect(try store.proposalState(id: id)?.status == "受付")
        for status in ["検討中", "採用", "実施済"] { try workflow.update(id, status: status, as: .department("gyokan")) }
        let events = try store.proposalEvents(id: id).filter { $0.kind == "status" }
        #expect(events.map(\.toStatus) == ["検討中", "採用", "実施済"])
        #expect(events.map(\.fromStatus) == ["受付", "検討中", "採用"])
        #expect(events.allSatisfy { $0.actor == "gyokan" })
    }

    @Test("不採用 and 対象外 need a reason; it is kept in the history, scrubbed", arguments: ["不採用", "対象外"])
    func reasonRequired(status: String) throws {
        let id = try importRows([Fixtures.row("R1")])[0]
        try setStatus(id, "検討中")
        for reason in [nil, "", "  "] as [String?] {
            #expect(throws: WorkflowError(.reasonRequired, "--reason is needed to move proposal \(id) to \(status); say why (it is kept in the history).")) {
                try workflow.update(id, status: status, reason: reason, as: .admin)
            }
        }
        try workflow.update(id, status: status, reason: "予算がない。担当は内線4827の山田係長", as: .admin)
        let event = try #require(try store.proposalEvents(id: id).last)
        #expect(event.toStatus == status)
        #expect(event.reason?.contains("予算がない") == true)
        #expect(event.reason?.contains("4827") == false)
    }

    @Test("An unknown status, an empty answer and an empty change are refused with a sentence")
    func badInput() throws {
        let id = try importRows([Fixtures.row("B1")])[0]
        #expect(throws: WorkflowError.self) { try workflow.update(id, status: "保留", as: .admin) }
        do {
            try workflow.update(id, status: "保留", as: .admin)
        } catch let error as WorkflowError {
            #expect(error.code == .unknownStatus)
            #expect(error.message.hasPrefix("--status 保留 is not a status"))
        }
        #expect(throws: WorkflowError.self) { try workflow.update(id, answer: "   ", as: .admin) }
        #expect(throws: WorkflowError.self) { try workflow.update(id, as: .admin) }
        #expect(throws: WorkflowError.self) { try workflow.update(id, publish: true, as: .admin) }
        #expect(throws: StoreError.self) { try workflow.update(999, status: "検討中", as: .admin) }
        #expect(try store.proposalEvents(id: id).isEmpty)
    }

    @Test("Configured statuses are checked: unknown names in transitions, the initial status or reasons are problems")
    func configuredRules() throws {
        #expect(StatusRules().problems().isEmpty)
        let bad = StatusRules(statuses: ["受付", "済"], initial: "新規", transitions: ["受付": ["完了"], "謎": []], reasonRequired: ["却下"])
        let problems = bad.problems().joined(separator: "\n")
        #expect(problems.contains("`proposals.initial_status` 新規"))
        #expect(problems.contains("`proposals.transitions.受付` names 完了"))
        #expect(problems.contains("`proposals.transitions` has the key 謎"))
        #expect(problems.contains("`proposals.reason_required` names 却下"))
        let custom = ProposalWorkflow(store: store, rules: StatusRules(statuses: ["受付", "済"], transitions: ["受付": ["済"]], reasonRequired: []),
                                      organization: try Fixtures.organization())
        let id = try importRows([Fixtures.row("C1")])[0]
        try custom.update(id, status: "済", as: .admin)
        #expect(throws: WorkflowError.self) { try custom.update(id, status: "受付", as: .admin) }
    }

    // MARK: who may act

    @Test("A department may act only on its own proposals; admin on any")
    func permissions() throws {
        let id = try importRows([Fixtures.row("A1")])[0]
        for attempt in [
            { try workflow.update(id, status: "検討中", as: .department("doboku")) },
            { try workflow.update(id, answer: "回答", as: .department("doboku")) },
            { try workflow.addNote(id, text: "メモ", as: .department("doboku")) },
            { _ = try workflow.assign(id, to: "doboku", reason: "道路の件", as: .department("doboku")) },
        ] as [() throws -> Void] {
            do {
                try attempt()
                Issue.record("doboku acted on gyokan's proposal")
            } catch let error as WorkflowError {
                #expect(error.code == .forbidden)
                #expect(error.message == "--as doboku may not change proposal \(id): it is assigned to gyokan; only gyokan or admin may act on it.")
            }
        }
        #expect(try store.proposalEvents(id: id).isEmpty)
        try workflow.update(id, status: "検討中", as: .department("gyokan"))
        try workflow.update(id, status: "採用", as: .admin)
        #expect(throws: WorkflowError.self) { try workflow.assign(id, to: "nowhere", reason: "x", as: .admin) }
    }

    @Test("A hand-over chain: each holder may act until it hands on; the history keeps every move and the router every owner")
    func handOverChain() throws {
        let id = try importRows([Fixtures.row("H1")])[0]
        #expect(try workflow.assign(id, to: "doboku", reason: "道路の件", as: .department("gyokan")) == "gyokan")
        try workflow.update(id, status: "検討中", as: .department("doboku"))
        #expect(try workflow.assign(id, to: "kanzai", reason: "庁舎の設備", as: .department("doboku")) == "doboku")
        #expect(throws: WorkflowError.self) { try workflow.update(id, status: "採用", as: .department("doboku")) }
        #expect(throws: WorkflowError.self) { try workflow.assign(id, to: "doboku", reason: "戻す", as: .department("doboku")) }
        // Handing it to the department that holds it is refused, and recorded nowhere.
        let same = #expect(throws: WorkflowError.self) { try workflow.assign(id, to: "kanzai", reason: "そのまま", as: .department("kanzai")) }
        #expect(same?.code == .nothingToDo && same?.message.contains("already assigned to kanzai") == true)
        try workflow.update(id, status: "採用", answer: "採用します。", publish: true, as: .department("kanzai"))
        let events = try store.proposalEvents(id: id)
        #expect(events.map(\.kind) == ["assigned", "status", "assigned", "status", "answer_drafted", "answer_published"])
        #expect(events.map(\.actor) == ["gyokan", "doboku", "doboku", "kanzai", "kanzai", "kanzai"])
        #expect(events.filter { $0.kind == "assigned" }.map { "\($0.fromDepartment!)→\($0.toDepartment!)" } == ["gyokan→doboku", "doboku→kanzai"])
        #expect(try store.proposalState(id: id)?.department == "kanzai")
        let examples = try store.read { db in try String.fetchAll(db, sql: "SELECT department FROM routing_example WHERE proposal_id = ?", arguments: [id]) }
        #expect(examples == ["kanzai"])
    }

    // MARK: answers and notes

    @Test("An answer is drafted, then published; a newer draft does not replace what staff see until it is published")
    func draftThenPublish() throws {
        let id = try importRows([Fixtures.row("D1")])[0]
        try workflow.update(id, answer: "検討します。", as: .admin)
        #expect(try store.publishedAnswers().isEmpty)
        #expect(try store.proposals(.init()).first?.answer == .draft)
        try workflow.update(id, publish: true, as: .admin)
        #expect(try store.publishedAnswers().map(\.answer) == ["検討します。"])
        try workflow.update(id, answer: "採用しました。", as: .admin)
        #expect(try store.publishedAnswers().map(\.answer) == ["検討します。"])
        try workflow.update(id, publish: true, as: .admin)
        #expect(try store.publishedAnswers().map(\.answer) == ["採用しました。"])
        let texts = try store.proposalEvents(id: id).compactMap(\.text)
        #expect(texts == ["検討します。", "検討します。", "採用しました。", "採用しました。"])
    }

    @Test("Notes are private to the department that wrote them; the history says only that one was written")
    func privateNotes() throws {
        let id = try importRows([Fixtures.row("N1")])[0]
        try workflow.addNote(id, text: "予算要求に含める", as: .department("gyokan"))
        try workflow.addNote(id, text: "管理者の確認済み", as: .admin)
        #expect(try workflow.notes(id, as: .department("gyokan")).map(\.text) == ["予算要求に含める"])
        #expect(try workflow.notes(id, as: .admin).map(\.text) == ["管理者の確認済み"])
        try workflow.assign(id, to: "doboku", reason: "道路の件", as: .admin)
        #expect(try workflow.notes(id, as: .department("doboku")).isEmpty)
        let noteEvents = try store.proposalEvents(id: id).filter { $0.kind == "note" }
        #expect(noteEvents.count == 2)
        #expect(noteEvents.allSatisfy { $0.text == nil && $0.reason == nil })
        #expect(throws: WorkflowError.self) { try workflow.addNote(id, text: " ", as: .department("doboku")) }
    }

    // MARK: search

    private func searchFixture() throws {
        try importRows([
            Fixtures.row("S1", date: "2025/04/10 09:00:00", title: "職員駐車場の除雪", body: "冬の朝に駐車場前の道が凍って危ない"),
            Fixtures.row("S2", date: "2025/05/10 09:00:00", title: "会議資料のペーパーレス化", body: "タブレットで会議資料を共有する"),
            Fixtures.row("S3", date: "2025/06/10 09:00:00", title: "除雪車の配置", body: "除雪の連絡を一覧にする"),
            Fixtures.row("S4", date: "2025/07/10 09:00:00", title: "ＲＰＡの研修", body: "ＲＰＡで定型業務を自動化する"),
            Fixtures.row("S5", date: "2025/03/10 09:00:00", title: "ABC", body: "xabcy bcdz"),
        ])
    }

    private func titles(_ query: String, _ filter: ProposalFilter = .init()) throws -> [String] {
        var filter = filter
        filter.words = ProposalSearch.words(query)
        return try store.proposals(filter).map(\.title)
    }

    @Test("Search finds 2-, 3- and 10-character Japanese substrings of titles and texts, newest first")
    func searchLengths() throws {
        try searchFixture()
        #expect(try titles("除雪") == ["除雪車の配置", "職員駐車場の除雪"])                  // 2: no trigram, scanned
        #expect(try titles("駐車場") == ["職員駐車場の除雪"])                               // 3: one trigram
        #expect(try titles("タブレットで会議資料") == ["会議資料のペーパーレス化"])           // 10
        #expect(try titles("凍") == ["職員駐車場の除雪"])                                   // 1
        #expect(try titles("資料を共有") == ["会議資料のペーパーレス化"])
        #expect(try titles("駐車場 朝") == ["職員駐車場の除雪"])                            // every word
        #expect(try titles("駐車場 会議").isEmpty)
        #expect(try titles("ｒｐａ") == ["RPAの研修"])                                      // the key form folds width and case
        // Both trigrams of abcd are in S5 (abc, bcd), but not as one run: not a match.
        #expect(try titles("abc") == ["ABC"])
        #expect(try titles("abcd").isEmpty)
    }

    @Test("Search combines with the department, status and date filters")
    func searchWithFilters() throws {
        try searchFixture()
        let s3 = try #require(try store.proposals(.init()).first { $0.title == "除雪車の配置" })
        try workflow.update(s3.id, status: "検討中", as: .admin)
        #expect(try titles("除雪", ProposalFilter(status: "検討中")) == ["除雪車の配置"])
        #expect(try titles("除雪", ProposalFilter(status: "受付")) == ["職員駐車場の除雪"])
        #expect(try titles("除雪", ProposalFilter(from: "2025-05-01")) == ["除雪車の配置"])
        #expect(try titles("除雪", ProposalFilter(through: "2025-05-01")) == ["職員駐車場の除雪"])
        #expect(try titles("除雪", ProposalFilter(department: "gyokan")).count == 2)
        #expect(try titles("除雪", ProposalFilter(department: "doboku")).isEmpty)
        #expect(try titles("除雪車の", ProposalFilter(department: "gyokan", status: "検討中", from: "2025-06-10", through: "2025-06-10")) == ["除雪車の配置"])
    }

    @Test("Pages of a queue follow each other without overlap")
    func pages() throws {
        try importRows((1...7).map { Fixtures.row("Q\($0)", date: "2025/06/\(10 + $0) 09:00:00", title: "件名\($0)", body: "本文\($0)") })
        let first = try store.proposals(ProposalFilter(department: "gyokan", limit: 3))
        let second = try store.proposals(ProposalFilter(department: "gyokan", limit: 3, offset: 3))
        let third = try store.proposals(ProposalFilter(department: "gyokan", limit: 3, offset: 6))
        #expect((first + second + third).map(\.title) == (1...7).reversed().map { "件名\($0)" })
    }

    // MARK: similar proposals

    @Test("A near-copy of an earlier proposal is linked to it on import; an unrelated one is not")
    func similarLinked() throws {
        let body = "庁内の会議資料を紙で配るのをやめ、タブレットで共有する。印刷と配布の手間が減り、差し替えもすぐにできる。"
        try importRows([Fixtures.row("M1", title: "会議資料のペーパーレス化", body: body),
                        Fixtures.row("M2", title: "除雪車の配置", body: "冬の朝に職員駐車場の除雪が間に合わない。除雪車を早く回してほしい。")])
        try importRows([Fixtures.row("M3", title: "会議資料のペーパーレス化について", body: body + "ぜひ検討してほしい。")])
        let all = try store.proposals(.init())
        let original = try #require(all.first { $0.title == "会議資料のペーパーレス化" })
        let copy = try #require(all.first { $0.title == "会議資料のペーパーレス化について" })
        let other = try #require(all.first { $0.title == "除雪車の配置" })
        let links = try store.similarProposals(id: copy.id)
        #expect(links.map(\.id) == [original.id])
        #expect(links.first.map { $0.similarity >= 0.7 } == true)
        #expect(try store.similarProposals(id: original.id).map(\.id) == [copy.id])
        #expect(try store.similarProposals(id: other.id).isEmpty)
        #expect(try store.proposal(id: copy.id)?.similar.map(\.id) == [original.id])
    }

    /// Every link and bucket row (after a catch-up), in a form that does not depend on how the rows
    /// were split into files.
    private func similarityRows(_ store: MeyasuStore) throws -> [String] {
        try store.refreshDerivedData()
        return try store.transaction { db in
            try String.fetchAll(db, sql: """
                SELECT proposal_id || '>' || earlier_id || ':' || similarity FROM proposal_similar
                UNION ALL SELECT 'lsh ' || bucket || ' ' || proposal_id FROM proposal_lsh
                ORDER BY 1
                """)
        }
    }

    @Test("A file imported in one go links the same pairs as the same rows imported in three files")
    func linksIndependentOfFiles() throws {
        // Many near-copies of one text: its buckets hold more proposals than are compared, so the
        // choice of the most recent ones must not depend on where a file ended.
        let body = "庁内の会議資料を紙で配るのをやめ、タブレットで共有する。印刷と配布の手間が減り、差し替えもすぐにできる。"
        let rows = (1...18).map { index in
            index % 3 == 0
                ? Fixtures.row("L\(index)", title: "除雪車の配置\(index)", body: "冬の朝に職員駐車場の除雪が間に合わない。\(index)号車を早く回してほしい。")
                : Fixtures.row("L\(index)", title: "会議資料のペーパーレス化\(index % 4)", body: body + String(repeating: "ぜひ", count: index % 5))
        }
        try importRows(rows)
        let inOneGo = try similarityRows(store)
        #expect(inOneGo.contains { !$0.hasPrefix("lsh") })

        let split = try MeyasuStore()
        for part in [rows[0..<5], rows[5..<11], rows[11...]] {
            let path = folder.write("s\(UUID().uuidString).csv", utf8: ([Fixtures.header] + part).joined(separator: "\r\n") + "\r\n", bom: true)
            #expect(try Fixtures.importer(split).importFile(at: path).status == .imported)
        }
        #expect(try similarityRows(split) == inOneGo)
    }

    @Test("MinHash signatures: equal texts agree, short texts have none, the stored form reads back")
    func signatures() throws {
        let a = SimilaritySignature(title: "会議資料", body: "タブレットで共有する")
        #expect(a.similarity(to: SimilaritySignature(title: "会議資料", body: "タブレットで共有する")) == 1)
        #expect(SimilaritySignature(title: "あ", body: "い").isEmpty)
        #expect(SimilaritySignature(bytes: a.bytes) == a)
        #expect(a.buckets.count == SimilaritySignature.bands)
        #expect(a.similarity(to: SimilaritySignature(title: "除雪車", body: "冬の朝の駐車場")) < 0.3)
    }
}
