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
}
