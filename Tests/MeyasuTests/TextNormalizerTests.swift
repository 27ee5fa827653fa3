import Testing
@testable import Meyasu

/// Meyasu's own cases, from the way proposals are actually written.
@Suite("TextNormalizer")
struct TextNormalizerTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var input: String
        var display: String
        var key: String
        var testDescription: String { input.debugDescription }
        init(_ input: String, _ display: String, _ key: String) {
            self.input = input
            self.display = display
            self.key = key
        }
    }

    static let cases: [Case] = [
        // Phone numbers and extensions keep their shape, whatever dash was typed.
        Case("０２５８－３９－２２２２", "0258-39-2222", "0258-39-2222"),
        Case("0258ー39ー2222", "0258-39-2222", "0258-39-2222"),
        Case("０２５８‐３９‐２２２２", "0258-39-2222", "0258-39-2222"),
        Case("090−1234−5678", "090-1234-5678", "090-1234-5678"),
        Case("(0258)39-2222", "(0258)39-2222", "(0258)39-2222"),
        Case("（０２５８）３９－２２２２", "(0258)39-2222", "(0258)39-2222"),
        Case("内線１２３４", "内線1234", "内線1234"),
        Case("内線：５６７８", "内線:5678", "内線:5678"),
        // Postal codes and addresses.
        Case("〒９４０－８５０１", "〒940-8501", "〒940-8501"),
        Case("長岡市大手通１丁目４番地１０", "長岡市大手通1丁目4番地10", "長岡市大手通1丁目4番地10"),
        Case("１－４－１０", "1-4-10", "1-4-10"),
        // Dates and times.
        Case("２０２５／０６／１２", "2025/06/12", "2025/06/12"),
        Case("令和７年６月１２日", "令和7年6月12日", "令和7年6月12日"),
        Case("２０２５－０６－１２", "2025-06-12", "2025-06-12"),
        Case("１４：０３", "14:03", "14:03"),
        // Ranges stay ranges: 〜 (U+301C) and ～ (U+FF5E, CP932's) unified to 〜.
        Case("9時〜17時", "9時〜17時", "9時〜17時"),
        Case("９時～１７時", "9時〜17時", "9時〜17時"),
        Case("9:00～17:00", "9:00〜17:00", "9:00〜17:00"),
        Case("4月〜6月", "4月〜6月", "4月〜6月"),
        Case("東京〜大阪", "東京〜大阪", "東京〜大阪"),
        Case("10 ～ 20件", "10 〜 20件", "10〜20件"),
        Case("A〜C棟", "A〜C棟", "a〜c棟"),
        Case("1467~1487年", "1467~1487年", "1467〜1487年"),
        // Decorative tildes go from the key, stay in the display.
        Case("よろしくお願いします〜", "よろしくお願いします〜", "よろしくお願いします"),
        Case("わ〰い", "わ〰い", "わい"),
        // Long vowels: ー only after kana; runs collapse in the key only.
        Case("スーパーーーー", "スーパーーーー", "スーパー"),
        Case("データ━", "データー", "データー"),
        Case("メール－アドレス", "メールーアドレス", "メールーアドレス"),
        Case("ﾃﾞｰﾀﾍﾞｰｽ", "データベース", "データベース"),
        Case("サーバ―", "サーバー", "サーバー"),
        // Hyphens and minus signs.
        Case("Wi‐Fi", "Wi-Fi", "wi-fi"),
        Case("－５℃", "-5℃", "-5°c"),
        Case("ＡＩ－ＯＣＲ", "AI-OCR", "ai-ocr"),
        Case("e-Tax", "e-Tax", "e-tax"),
        // Dashes as punctuation.
        Case("会議―資料", "会議—資料", "会議—資料"),
        Case("結論——賛成", "結論——賛成", "結論——賛成"),
        // Circled, squared and enclosed characters.
        Case("①会議の削減", "①会議の削減", "1会議の削減"),
        Case("⑳項目", "⑳項目", "20項目"),
        Case("㈱長岡", "(株)長岡", "(株)長岡"),
        Case("㍻３０年度", "平成30年度", "平成30年度"),
        Case("㋿７年度", "令和7年度", "令和7年度"),
        Case("約３㌔", "約3キロ", "約3キロ"),
        Case("会議室は５０㎡", "会議室は50m²", "会議室は50m2"),
        Case("№１２", "No.12", "no.12"),
        Case("Ⅲ期", "Ⅲ期", "iii期"),
        Case("㊤巻", "(上)巻", "(上)巻"),
        // Half-width katakana names and voiced marks.
        Case("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ タロウ", "ヤマダタロウ"),
        Case("ｶﾞｯｺｳ", "ガッコウ", "ガッコウ"),
        Case("ﾊﾟｿｺﾝ", "パソコン", "パソコン"),
        Case("か゛くせい", "がくせい", "がくせい"),
        Case("は\u{309A}", "ぱ", "ぱ"),
        Case("ゝ゛", "ゞ", "ゞ"),
        Case("゛だけ", "゛だけ", "゛だけ"),
        // Mixed scripts, Latin case, spaces.
        Case("ＬｏＧｏフォーム", "LoGoフォーム", "logoフォーム"),
        Case("RPA を 導入 する", "RPA を 導入 する", "rpaを導入する"),
        Case("Microsoft Teams の 活用", "Microsoft Teams の 活用", "microsoft teamsの活用"),
        Case("　　会議資料を　削減　", "会議資料を 削減", "会議資料を削減"),
        Case("A4 用紙", "A4 用紙", "a4用紙"),
        Case("タブレット\t端末", "タブレット 端末", "タブレット端末"),
        Case("ｅメール", "eメール", "eメール"),
        // Emoji, combining marks and zero-width characters.
        Case("いいね👍", "いいね👍", "いいね👍"),
        Case("👨‍👩‍👧 家族", "👨‍👩‍👧 家族", "👨‍👩‍👧家族"),
        Case("cafe\u{301}", "cafe\u{301}", "cafe\u{301}"),
        Case("ゼロ\u{200B}幅", "ゼロ幅", "ゼロ幅"),
        // CP932-specific characters.
        Case("￥１，０００", "¥1,000", "¥1,000"),
        Case("∥", "∥", "∥"),
        Case("￢", "¬", "¬"),
        Case("“提案”と‘意見’", "“提案”と‘意見’", "\"提案\"と'意見'"),
        Case("U+301C〜とU+FF5E～", "U+301C〜とU+FF5E〜", "u+301cとu+ff5e"),
        // A dash after a decorative tilde reads as in the display form, though the key drops the
        // tilde (found by FuzzNormalizer: the key of the display form differed).
        Case("さ~－", "さ~-", "さ-"),
        Case("ア～―です", "ア〜—です", "アーです"),
        Case("1~—2", "1~—2", "1-2"),
        // Dashes a dropped space separated collapse as if adjacent, so the key is idempotent
        // (found by FuzzNormalizer: ー\tー keyed to ーー, and that to ー).
        Case("ー\tー", "ー ー", "ー"),
        Case("ー　―", "ー —", "ー"),
        // A dash after another reads it as the display form writes it (found by FuzzNormalizer).
        Case("あ－~ｰ﹣", "あー~ーー", "あー"),
        Case("お ―﹣", "お —-", "おー-"),
        // Line breaks: kept in the display (lines trimmed), spaces in the key.
        Case("一行目　\n　二行目", "一行目\n二行目", "一行目二行目"),
        Case("Line one\nline two", "Line one\nline two", "line one line two"),
        Case("", "", ""),
        Case("   ", "", ""),
    ]

    @Test("Display and key forms of proposal text", arguments: cases)
    func forms(_ testCase: Case) {
        let normalizer = TextNormalizer()
        #expect(normalizer.display(testCase.input) == testCase.display)
        #expect(normalizer.key(testCase.input) == testCase.key)
    }

    @Test("At least 60 cases of our own")
    func enough() {
        #expect(Self.cases.count >= 60)
    }

    @Test("Both forms are idempotent", arguments: cases)
    func idempotent(_ testCase: Case) {
        let normalizer = TextNormalizer()
        #expect(normalizer.display(normalizer.display(testCase.input)) == normalizer.display(testCase.input))
        #expect(normalizer.key(normalizer.key(testCase.input)) == normalizer.key(testCase.input))
    }

    @Test("The key of the display form is the key of the text (the import relies on it)", arguments: cases)
    func keyOfDisplay(_ testCase: Case) {
        let normalizer = TextNormalizer()
        #expect(normalizer.key(normalizer.display(testCase.input)) == normalizer.key(testCase.input))
    }

    @Test("Invalid UTF-8 becomes U+FFFD, never a crash")
    func invalidBytes() {
        var buffers = TextNormalizer.Buffers()
        let bytes: [UInt8] = [0x41, 0xFF, 0xE3, 0x81, 0x42, 0xF0, 0x9F]
        bytes.withUnsafeBufferPointer { TextNormalizer().normalize(utf8: $0, mode: .key, into: &buffers) }
        #expect(String(decoding: buffers.output, as: UTF8.self) == "a\u{FFFD}\u{FFFD}b\u{FFFD}")
    }

    @Test("The character tables hold exactly what ICU gives a character at a time (NFKC of the compatibility ranges, kana with voiced marks)")
    func tablesMatchTheReference() {
        let reference = UnicodeTables.reference()
        let tables = UnicodeTables.shared
        // Counted, not compared whole: a failure would otherwise print thousands of entries.
        let nfkcDiffering = Set(reference.nfkc.keys).union(tables.nfkc.keys)
            .filter { reference.nfkc[$0] != tables.nfkc[$0] }
        #expect(nfkcDiffering.count == 0)
        #expect(tables.voiced == reference.voiced && tables.semiVoiced == reference.semiVoiced)
        // What the normaliser leans on: over a thousand compatibility characters, and the kana
        // that take each mark.
        #expect(reference.nfkc.count > 1_000 && reference.nfkc[0xFF21] == [0x41] && reference.nfkc[0xFF76] == [0x30AB])
        #expect(reference.voiced[0x304B] == 0x304C && reference.voiced[0x30A6] == 0x30F4 && reference.semiVoiced[0x306F] == 0x3071)
    }
}
