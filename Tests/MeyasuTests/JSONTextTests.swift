import Foundation
import Testing
@testable import Meyasu

@Suite("JSONText")
struct JSONTextTests {
    @Test("Quotes strings exactly as JSONSerialization reads them back", arguments: [
        "", "会議資料", "改行\nあり\r\nCRLF", "引用\"符\"と\\バックスラッシュ", "tab\there", "\u{1}\u{1F}制御",
        "行区切り\u{2028}段落\u{2029}終わり", "‐ダッシュ‥…", "絵文字👍🏽と結合文字が\u{3099}",
    ])
    func roundTrip(text: String) throws {
        let json = "[" + JSONText.quote(text) + "]"
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]
        #expect(parsed == [text])
        #expect(!json.contains("\u{2028}"))
        #expect(!json.contains("\n"))
    }

    /// The escaping rules one character at a time, as the quoting did before it skipped plain
    /// bytes eight at a time.
    private static func reference(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    @Test("Every special character at every position of texts of every length up to 40 is escaped as before")
    func specialsEverywhere() {
        let plain = Array("会議資料をabcタブレットで共有する。")
        let specials: [Character] = ["\"", "\\", "\n", "\r\n", "\t", "\u{1}", "\u{1F}", "\u{2028}", "\u{2029}", "…", "→", "\u{7F}", " "]
        for length in 0...40 {
            let base = String((0..<length).map { plain[$0 % plain.count] })
            #expect(JSONText.quote(base) == Self.reference(base))
            for position in 0...length {
                for special in specials {
                    var text = Array(base)
                    text.insert(special, at: position)
                    let string = String(text)
                    #expect(JSONText.quote(string) == Self.reference(string), "\(length) \(position)")
                }
            }
        }
    }
}
