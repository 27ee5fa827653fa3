import Foundation
@testable import Meyasu
import MeyasuSamples

/// A temporary folder removed when the value goes away.
final class TemporaryFolder {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("meyasu-test-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `bytes` to `name` and returns its path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let path = url.appendingPathComponent(name).path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    @discardableResult
    func write(_ name: String, utf8 text: String, bom: Bool = false) -> String {
        write(name, (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8))
    }

    /// Every byte of every file under the folder.
    func allBytes() -> [(String, Data)] {
        let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)!
        var out: [(String, Data)] = []
        for case let file as URL in enumerator {
            if let data = FileManager.default.contents(atPath: file.path) { out.append((file.lastPathComponent, data)) }
        }
        return out
    }
}

enum Fixtures {
    static let keyer = ResponseKeyer(secret: Array(repeating: 7, count: 32))

    static func proposalsProfile() throws -> FormProfile {
        try YAMLFile.load(FormProfile.self, from: SampleFiles.directory.appendingPathComponent("forms/proposals.yaml"),
                          what: "a form profile")
    }

    static func surveyProfile() throws -> FormProfile {
        try YAMLFile.load(FormProfile.self, from: SampleFiles.directory.appendingPathComponent("forms/survey.yaml"),
                          what: "a form profile")
    }

    static func indicators() throws -> IndicatorSet {
        try IndicatorSet.load(from: SampleFiles.directory.appendingPathComponent("indicators.yaml"))
    }

    static func surveyImporter(_ store: MeyasuStore) throws -> SurveyImporter {
        SurveyImporter(store: store, profiles: [try surveyProfile()], keyer: keyer, organization: try organization(),
                       clock: { Date(timeIntervalSince1970: 1_750_000_000) })
    }

    /// The survey sample's header: the form's 17 labels.
    static let surveyHeader = "回答ID,回答日時,所属部局,所属課,年代,性別,職種,役職,"
        + "Q1 自分の職場では効率的に仕事が進められている,Q2 職場の人間関係や雰囲気が良いと感じている,"
        + "Q3 現在の仕事にやりがいを感じている,Q4 仕事と家庭の両立ができていると感じている,"
        + "Q5 業務改善の提案をしやすい雰囲気がある,Q6 必要なときに年次休暇を取得できている,"
        + "Q7 上司は部下の業務の進捗や負担を把握している,Q8 テレワークやスライド勤務を利用しやすい,自由記述"

    /// A well-formed survey row (CSV text, no line end); `answers` are the eight Likert cells.
    static func surveyRow(_ id: String, date: String = "2024/07/01 08:15:05", bureau: String = "総務部",
                          section: String = "人事課", age: String = "30代", gender: String = "女性",
                          job: String = "事務職", position: String = "一般職員",
                          answers: [String] = Array(repeating: "ややそう思う", count: 8), comment: String = "") -> String {
        ([id, date, bureau, section, age, gender, job, position] + answers + [comment]).joined(separator: ",")
    }

    static func organization() throws -> Organization {
        try Organization.load(from: SampleFiles.directory.appendingPathComponent("organization.yaml"))
    }

    static let header = "回答ID,回答日時,氏名（任意）,メールアドレス,提案の種類,分類,件名,現状と課題,改善案"

    /// A well-formed data row (CSV text, no line end).
    static func row(_ id: String, date: String = "2025/06/12 14:03:27", name: String = "",
                    title: String = "会議資料のペーパーレス化", body: String = "タブレットで資料を共有する") -> String {
        "\(id),\(date),\(name),,一般提案,\"デジタル化,その他\",\(title),紙の資料が多い,\(body)"
    }

    static func importer(_ store: MeyasuStore, clock: @escaping @Sendable () -> Date = { Date(timeIntervalSince1970: 1_750_000_000) }) throws -> ProposalImporter {
        ProposalImporter(store: store, profiles: [try proposalsProfile()], keyer: keyer, triage: "gyokan", clock: clock)
    }
}
