import Testing
@testable import Meyasu

@Suite("WordSegmenter")
struct WordSegmenterTests {
    @Test("Splits Japanese with ICU's dictionary, without spaces or punctuation")
    func japanese() {
        let words = WordSegmenter().words(in: "会議資料のペーパーレス化を提案します。")
        #expect(words.contains("会議"))
        #expect(words.contains("資料"))
        #expect(words.contains("ペーパー"))
        #expect(words.contains("提案"))
        #expect(!words.contains("。"))
        // Nothing lost but punctuation: the words put back together give the text.
        #expect(words.joined() == "会議資料のペーパーレス化を提案します")
    }

    @Test("Latin words, numbers and mixed scripts come out whole", arguments: [
        ("RPA を導入する", ["RPA", "を", "導入", "する"]),
        ("Wi-Fi 6 対応", ["Wi", "Fi", "6", "対応"]),
    ])
    func mixed(text: String, expected: [String]) {
        #expect(WordSegmenter().words(in: text) == expected)
    }

    @Test("Empty and punctuation-only text has no words")
    func empty() {
        let segmenter = WordSegmenter()
        #expect(segmenter.words(in: "").isEmpty)
        #expect(segmenter.words(in: "、。！？ 　").isEmpty)
    }

    @Test("One segmenter serves many texts")
    func reuse() {
        let segmenter = WordSegmenter()
        #expect(segmenter.words(in: "除雪の連絡") == segmenter.words(in: "除雪の連絡"))
        #expect(segmenter.words(in: "長い文章" + String(repeating: "です", count: 500)).count > 100)
    }
}
