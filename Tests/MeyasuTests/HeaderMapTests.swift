import Testing
@testable import Meyasu

@Suite("HeaderMap and FormProfile")
struct HeaderMapTests {
    @Test("Matches labels and numbered headers, tolerating full-width/half-width and spaces")
    func matching() throws {
        let profile = try Fixtures.proposalsProfile()
        let map = try HeaderMap(headers: ["回答ID", "回答日時", "氏名(任意)", "８:text", "改善案 ", "unknown"], profile: profile, fileName: "f.csv")
        #expect(map.missingRequired.isEmpty)
        #expect(map.unknownHeaders == ["unknown"])
        #expect(map.matched == 5)
    }

    @Test("Split identifier columns (1:lastname, 1:firstname) both map to the identifier")
    func splitIdentifier() throws {
        let profile = try Fixtures.proposalsProfile()
        let map = try HeaderMap(headers: ["回答ID", "回答日時", "1:lastname", "1:firstname", "件名", "改善案"], profile: profile, fileName: "f.csv")
        #expect(map.binding[2] == map.binding[3])
        #expect(map.binding[2] != nil)
    }

    @Test("Two headers meaning the same column are refused")
    func sameColumnTwice() throws {
        let profile = try Fixtures.proposalsProfile()
        #expect(throws: IngestError.self) {
            try HeaderMap(headers: ["回答ID", "回答日時", "件名", "8:text", "改善案"], profile: profile, fileName: "f.csv")
        }
    }

    @Test("The shipped proposals profile is sound")
    func shippedProfile() throws {
        #expect(try Fixtures.proposalsProfile().problems().isEmpty)
    }

    @Test("Profile problems name the column and the missing key")
    func profileProblems() {
        let profile = FormProfile(id: "p", kind: .proposals, title: "t", columns: [
            .init(role: .responseID, headers: ["回答ID"]),
            .init(role: .text, headers: ["件名"]),
            .init(role: .choices, headers: ["分類"], field: "c"),
            .init(role: .likert, headers: ["Q1"]),
        ])
        let problems = profile.problems()
        #expect(problems.contains { $0.contains("columns[1]") && $0.contains("field") })
        #expect(problems.contains { $0.contains("columns[2]") && $0.contains("separator") })
        #expect(problems.contains { $0.contains("columns[3]") && $0.contains("question") })
        #expect(problems.contains { $0.contains("submitted_at") })
        #expect(problems.contains { $0.contains("field: title") })
    }
}

@Suite("FormProfile rules added after review")
struct FormProfileRuleTests {
    @Test("response_id and submitted_at are required even when the profile forgets to say so")
    func implicitRequired() throws {
        let profile = FormProfile(id: "p", kind: .proposals, title: "t", columns: [
            .init(role: .responseID, headers: ["回答ID"]),
            .init(role: .submittedAt, headers: ["回答日時"]),
            .init(role: .text, headers: ["件名"], field: "title"),
        ])
        let map = try HeaderMap(headers: ["件名"], profile: profile, fileName: "f.csv")
        #expect(map.missingRequired == ["回答ID", "回答日時"])
    }

    @Test("A header listed under two columns, and an unknown presence flag, are profile problems")
    func headerTwiceAndFlag() {
        let profile = FormProfile(id: "p", kind: .proposals, title: "t", columns: [
            .init(role: .responseID, headers: ["回答ID"]),
            .init(role: .submittedAt, headers: ["回答日時"]),
            .init(role: .text, headers: ["件名"], field: "title"),
            .init(role: .text, headers: ["件 名"], field: "other"),
            .init(role: .identifier, headers: ["写真"], presenceFlag: "photo"),
        ])
        let problems = profile.problems()
        #expect(problems.contains { $0.contains("columns[3]") && $0.contains("columns[2]") })
        #expect(problems.contains { $0.contains("presence_flag: photo") })
    }

    @Test("A typo'd key in a profile is refused, naming it")
    func unknownKey() throws {
        let folder = TemporaryFolder()
        folder.write("p.yaml", utf8: """
            id: p
            kind: proposals
            title: t
            columns:
              - role: response_id
                headers: [回答ID]
              - role: text
                field: title
                headers: [件名]
                requried: true
            """)
        let error = try #require(throws: ConfigError.self) {
            try YAMLFile.load(FormProfile.self, from: folder.url.appendingPathComponent("p.yaml"), what: "a form profile")
        }
        #expect(error.message.contains("`columns[1].requried`"))
    }

    @Test("A new optional column or another column order does not turn stored responses into conflicts")
    func hashIgnoresEmptyAndOrder() throws {
        let folder = TemporaryFolder()
        let store = try MeyasuStore()
        let importer = try Fixtures.importer(store)
        let first = folder.write("1.csv", utf8: "回答ID,回答日時,件名,改善案\r\nA1,2025/06/12 14:03:27,件名,改善案\r\n")
        let second = folder.write("2.csv", utf8: "回答ID,改善案,件名,現状と課題,回答日時\r\nA1,改善案,件名,,2025/06/12 14:03:27\r\n")
        #expect(try importer.importFile(at: first).counts.imported == 1)
        let report = try importer.importFile(at: second)
        #expect(report.counts.alreadyPresent == 1)
        #expect(report.counts.conflicts == 0)
    }

    @Test("An attachment cell holding only an ideographic space is not an attachment")
    func blankAttachment() {
        #expect(ProposalRowMapper.isBlank(ArraySlice(Array(" \u{3000}\t".utf8))))
        #expect(ProposalRowMapper.isBlank(ArraySlice([0x81, 0x40, 0x20])))
        #expect(!ProposalRowMapper.isBlank(ArraySlice(Array("a.xlsx".utf8))))
    }
}
