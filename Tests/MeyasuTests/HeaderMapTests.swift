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
