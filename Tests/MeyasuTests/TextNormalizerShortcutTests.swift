import Testing
@testable import Meyasu

/// The import skips normalising a field when a scan of its bytes shows that the form would not
/// change it (`TextNormalizer.shortcut`); what it stores must be what the normaliser writes.
@Suite("TextNormalizer shortcut")
struct TextNormalizerShortcutTests {
    /// What the shortcut says the form is, or nil when it leaves the text to the normaliser.
    static func shortcutForm(_ text: String, _ mode: TextNormalizer.Mode) -> String? {
        var text = text
        return text.withUTF8 { bytes in
            guard let shortcut = TextNormalizer.shortcut(bytes, mode: mode) else { return nil }
            var out: [UInt8] = []
            shortcut.apply(bytes, to: &out)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Pieces that every rule of the normaliser looks at: kana, kanji, punctuation, the long-vowel
    /// mark, tildes, dashes, digits, capitals, spaces and line breaks, and characters the forms
    /// change (half- and full-width forms, the ideographic space, CR, tab, a combining mark).
    static let pieces = ["あ", "ア", "ー", "漢", "。", "・", "「", "〜", "a", "A", "5", "-", "~", " ", "\n",
                         "１", "Ａ", "（", "－", "～", "①", "⑳", "(", "ｱ", "　", "\r", "\t", "゛", "é", "〰"]

    @Test("Agrees with the normaliser on every text of up to four pieces", arguments: TextNormalizer.Mode.allCases)
    func everyShortText(_ mode: TextNormalizer.Mode) {
        let normalizer = TextNormalizer()
        var texts = [""]
        var checked = 0
        var shortcuts = 0
        for _ in 1...4 {
            texts = texts.flatMap { text in Self.pieces.map { text + $0 } }
            for text in texts {
                guard let fast = Self.shortcutForm(text, mode) else { continue }
                shortcuts += 1
                let slow = normalizer.normalize(text, mode: mode)
                if fast != slow {
                    Issue.record("\(mode) of \(text.debugDescription): shortcut \(fast.debugDescription), normaliser \(slow.debugDescription)")
                }
                checked += 1
            }
        }
        #expect(checked > 30_000)
        #expect(shortcuts == checked)
    }

    @Test("Agrees with the normaliser on longer random texts", arguments: TextNormalizer.Mode.allCases)
    func randomTexts(_ mode: TextNormalizer.Mode) {
        let normalizer = TextNormalizer()
        var generator = SeededGenerator(seed: 20250401)
        var taken = 0
        for _ in 0..<50_000 {
            let length = Int(generator.next() % 24) + 1
            // Mostly the pieces the shortcut accepts, so that long texts get through it.
            let text = (0..<length).map { _ in Self.pieces[Int(generator.next() % UInt64(generator.next() % 4 == 0 ? Self.pieces.count : 22))] }.joined()
            guard let fast = Self.shortcutForm(text, mode) else { continue }
            taken += 1
            #expect(fast == normalizer.normalize(text, mode: mode), "\(mode) of \(text.debugDescription)")
        }
        #expect(taken > 1_000)
    }

    @Test("Takes plain Japanese text, and leaves what a rule changes to the normaliser")
    func typicalText() {
        let body = "委託の仕様書を毎回前任者のファイルを基に作っており、古い条文がそのまま残っている。\n電子契約サービスを導入し、押印と郵送をなくすことを提案する。"
        #expect(Self.shortcutForm(body, .display) == body)
        #expect(Self.shortcutForm(body, .key) == body.filter { $0 != "\n" })
        #expect(Self.shortcutForm("RPAの導入", .display) == "RPAの導入")
        #expect(Self.shortcutForm("RPAの導入", .key) == nil)
        #expect(Self.shortcutForm("期間は１週間（予定）", .display) == "期間は1週間(予定)")
        #expect(Self.shortcutForm("①申請書", .display) == "①申請書")
        #expect(Self.shortcutForm("①申請書", .key) == nil)
        #expect(Self.shortcutForm("９時～１７時", .display) == nil)
        #expect(Self.shortcutForm("0258ー39ー2222", .display) == nil)
        #expect(Self.shortcutForm("一行目 \n二行目", .display) == nil)
    }

    @Test("The Text stage stores what the normaliser writes", arguments: TextNormalizerTests.cases)
    func submissionFields(_ testCase: TextNormalizerTests.Case) {
        let normalizer = TextNormalizer()
        var buffers = TextNormalizer.Buffers()
        let texts = [testCase.input, "提案です。\n" + testCase.input, testCase.display, testCase.key]
        var submission = ProposalSubmission(
            responseKey: .init(), contentHash: .init(), submittedOn: CivilDate(year: 2025, month: 6, day: 12)!,
            title: testCase.input, texts: texts.map { .init(field: "f", label: "F", text: $0) }, choices: [],
            routingHint: testCase.input, flags: [])
        var halves = submission
        normalizer.normalizeFields(of: &submission, buffers: &buffers)
        normalizer.displayFields(of: &halves, buffers: &buffers)
        normalizer.keyFields(of: &halves, buffers: &buffers)
        #expect(halves == submission)
        let displays = texts.map { normalizer.display($0) }
        #expect(submission.title == testCase.display)
        #expect(submission.titleKey == testCase.key)
        #expect(submission.routingHint == testCase.display)
        #expect(submission.routingHintKey == testCase.key)
        #expect(submission.texts.map(\.text) == displays)
        #expect(submission.bodyKey == displays.map { normalizer.key($0) }.joined(separator: "\n"))
    }
}
