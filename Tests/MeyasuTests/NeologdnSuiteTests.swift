import Foundation
import Testing
@testable import Meyasu

/// neologdn 0.5.6's own `normalize` cases (Fixtures/neologdn-cases.tsv, from ../shared/peers)
/// held against Meyasu's key form.
///
/// Two things differ by design and are documented in docs/normalization.md:
/// the key form folds Latin case (so expectations are compared case-folded), and the cases in
/// `documentedDifferences` keep meaning that neologdn drops.
@Suite("neologdn's suite against the key form")
struct NeologdnSuiteTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var input: String
        var expected: String
        var options: String
        var testDescription: String { "\(input.debugDescription) → \(expected.debugDescription)\(options.isEmpty ? "" : " [\(options)]")" }
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/neologdn-cases.tsv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Case(input: fields[0], expected: fields[1], options: fields.count > 2 ? fields[2] : "")
        }
    }()

    /// Default-option cases where Meyasu deliberately differs, with what Meyasu gives instead.
    static let documentedDifferences: [String: String] = [
        // A range mark between numbers is meaning, not noise.
        "1467〜1487年": "1467〜1487年",
        // ー only after kana: ━ after Latin letters is not a long vowel.
        "majika━": "majika━",
        // neologdn drops a space after "*" by a special case in its code; Meyasu keeps one space
        // between Latin-script characters.
        "南アルプスの\u{3000}天然水-\u{3000}Ｓｐａｒｋｉｎｇ*\u{3000}Ｌｅｍｏｎ+\u{3000}レモン一絞り": "南アルプスの天然水- sparking* lemon+レモン一絞り",
    ]

    @Test("The suite has all 33 cases")
    func loaded() {
        #expect(Self.cases.count == 33)
    }

    @Test("Every default-option case passes or is a documented difference", arguments: cases.filter { $0.options.isEmpty })
    func defaultCase(_ testCase: Case) {
        let key = TextNormalizer().key(testCase.input)
        if let differs = Self.documentedDifferences[testCase.input] {
            #expect(key == differs)
            #expect(key != testCase.expected.lowercased())
        } else {
            #expect(key == testCase.expected.lowercased())
        }
    }
}
