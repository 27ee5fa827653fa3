import Crypto
import Foundation
import Testing
@testable import Meyasu

/// A stored proposal's content hash must never change between versions: a nightly export's rows
/// are told apart from changed responses by it, and a different hash for the same content would
/// turn every stored response into a conflict.
@Suite("Content hash")
struct ContentHashTests {
    private typealias Text = ProposalSubmission.TextField
    private typealias Choice = ProposalSubmission.ChoiceField

    private func hash(texts: [Text], choices: [Choice], hint: String?, flags: [String]) -> String {
        let date = CivilDate(year: 2025, month: 6, day: 12)!
        return Hex.encode(ProposalRowMapper.contentHash(
            Fixtures.keyer.contentHasher(), submittedOn: date, title: "窓口の待ち時間を短くしたい",
            texts: texts, choices: choices, hint: hint, flags: flags))
    }

    @Test("The same bytes as every earlier version, for fields in any order, with blanks and several values")
    func golden() {
        // Fields out of name order, an empty text and an empty choice (both left out of the hash),
        // several values of one choice, a hint and two flags.
        let texts = [Text(field: "proposal", label: "改善案", text: "番号札の発券機を置く。\n呼び出しを表示する。"),
                     Text(field: "effect", label: "期待される効果", text: ""),
                     Text(field: "situation", label: "現状と課題", text: "昼休みは30分以上待つことがある。")]
        let choices = [Choice(field: "categories", label: "分類", values: ["窓口サービス", "事務処理の改善"]),
                       Choice(field: "kind", label: "提案の種類", values: ["一般提案"]),
                       Choice(field: "extra", label: "その他", values: [])]
        #expect(hash(texts: texts, choices: choices, hint: "市民課？", flags: ["attachment", "name"])
                == "6511d020588e59e0bd450af19ae16a4b0e22752515f4af13e4ced6ca7297c232")
        // No hint, no flag, no choice.
        #expect(hash(texts: Array(texts.prefix(1)), choices: [], hint: nil, flags: [])
                == "3218b16a813d58da2e56ccdd71698b3174c93a9b6bc9d698d9677c254968820a")
        // That one spelled out: each part followed by U+001F (the date, the title, each filled-in
        // text's field and text, each filled-in choice's field and values joined by U+001E, the
        // hint, the flags joined by commas), under the workspace key.
        var message = ""
        for part in ["2025-06-12", "窓口の待ち時間を短くしたい", "proposal", "番号札の発券機を置く。\n呼び出しを表示する。", "", ""] {
            message += part + "\u{1F}"
        }
        var hmac = Fixtures.keyer.contentHasher()
        hmac.update(data: Data(message.utf8))
        #expect(Hex.encode(Data(hmac.finalize())) == "3218b16a813d58da2e56ccdd71698b3174c93a9b6bc9d698d9677c254968820a")
    }

    @Test("The order of the form's columns does not change the hash")
    func columnOrder() {
        let texts = [Text(field: "b", label: "B", text: "二"), Text(field: "a", label: "A", text: "一")]
        let choices = [Choice(field: "d", label: "D", values: ["x"]), Choice(field: "c", label: "C", values: ["y", "z"])]
        #expect(hash(texts: texts, choices: choices, hint: nil, flags: [])
                == hash(texts: texts.reversed(), choices: choices.reversed(), hint: nil, flags: []))
    }
}
