import Foundation
import Testing
@testable import Meyasu

@Suite("PIIScrubber: contact and number identifiers")
struct PIIScrubberTests {
    static let redacted: [(String, String)] = [
        // e-mail, also with full-width letters or ＠
        ("詳細は yamada.taro@city.example.lg.jp まで", "詳細は 〔メール〕 まで"),
        ("ｙａｍａｄａ＠ｃｉｔｙ．ｅｘａｍｐｌｅ．ｊｐへ", "〔メール〕へ"),
        ("taro_01+mtg@example.co.jp。", "〔メール〕。"),
        // phone numbers in every Japanese shape
        ("電話は0258-39-2222です", "電話は〔電話番号〕です"),
        ("０２５８－３９－２２２２", "〔電話番号〕"),
        ("0258ー39ー2222", "〔電話番号〕"),
        ("(0258)39-2222", "〔電話番号〕"),
        ("（０２５８）３９－２２２２", "〔電話番号〕"),
        ("090-1234-5678に", "〔電話番号〕に"),
        ("090 1234 5678", "〔電話番号〕"),
        ("09012345678", "〔電話番号〕"),
        ("0258392222", "〔電話番号〕"),
        ("+81 90-1234-5678", "〔電話番号〕"),
        ("+81-258-39-2222", "〔電話番号〕"),
        ("0120-123-456", "〔電話番号〕"),
        ("050-1234-5678", "〔電話番号〕"),
        // extensions and labelled short numbers
        ("内線1234の山田", "内線〔電話番号〕の山田"),
        ("内線：５６７８まで", "内線：〔電話番号〕まで"),
        ("内線 301", "内線 〔電話番号〕"),
        ("TEL 39-2222", "TEL 〔電話番号〕"),
        ("携帯：090-1234-5678", "携帯：〔電話番号〕"),
        // My Number with a valid check digit
        ("個人番号は123456789018です", "個人番号は〔個人番号〕です"),
        ("1234-5678-9018", "〔個人番号〕"),
        ("1234 5678 9018", "〔個人番号〕"),
        // postal codes
        ("〒940-8501 長岡市", "〒〔郵便番号〕 長岡市"),
        ("〒９４０－８５０１", "〒〔郵便番号〕"),
        ("郵便番号：9408501", "郵便番号：〔郵便番号〕"),
        // staff numbers by context
        ("職員番号123456の者です", "職員番号〔職員番号〕の者です"),
        ("職番：Ａ１２３４５", "職番：〔職員番号〕"),
        ("ID:ab12345", "ID:〔職員番号〕"),
        // URLs with a user or a query, IP addresses
        ("https://forms.example.jp/r?id=12345&user=taro を参照", "〔URL〕 を参照"),
        ("ftp先 http://taro@files.example.jp/share", "ftp先 〔URL〕"),
        ("端末は192.168.10.23です", "端末は〔IP〕です"),
        ("fe80::1ff:fe23:4567:890a から", "〔IP〕 から"),
        // street addresses: the municipality stays
        ("長岡市大手通1丁目4番地10に移転", "長岡市〔住所〕に移転"),
        ("長岡市幸町２丁目１番７５号", "長岡市〔住所〕"),
        ("新潟市中央区学校町通1-602-1", "新潟市中央区〔住所〕"),
        // common surnames with an honorific or title (no roster)
        ("山田課長に相談したところ", "〔氏名〕課長に相談したところ"),
        ("佐藤さんから", "〔氏名〕さんから"),
        ("鈴木 係長", "〔氏名〕 係長"),
        ("高橋主査へ", "〔氏名〕主査へ"),
        ("不明な点は星野（内線４５５３）まで。", "不明な点は〔氏名〕（内線〔電話番号〕）まで。"),
        ("山田(内線2288)", "〔氏名〕(内線〔電話番号〕)"),
    ]

    @Test("Redacts each identifier with its placeholder", arguments: redacted)
    func redacts(input: String, expected: String) {
        #expect(PIIScrubber().scrub(input).text == expected)
    }

    static let survive: [String] = [
        "予算は1,234,567円です", "2025/06/12に実施", "2025-06-12", "令和7年6月12日", "9時〜17時", "9:00-17:00",
        "301会議室", "第12条第3項", "職員数は1,234人", "平成30年度から", "A4用紙500枚", "4番目の議題", "1番線",
        "https://www.city.nagaoka.niigata.jp/", "Wi-Fi 6", "ISO 9001", "IDカードの更新", "3.14", "12:30:45",
        "電話対応が多い", "内線電話の設定", "1234-5678-9012", "123456789012", "940-8501番目", "0.5時間",
        "2024年度は52.2%、2025年度は60.6%", "50-100人", "平成31年4月1日", "R6年度", "第3期", "10:00〜12:00",
    ]

    @Test("Leaves amounts, dates, times, rooms, articles and look-alikes alone", arguments: survive)
    func survives(input: String) {
        #expect(PIIScrubber().scrub(input).text == input)
    }

    @Test("Counts redactions by kind, never values")
    func counts() {
        let (text, counts) = PIIScrubber().scrub("taro@example.jp / 0258-39-2222 / 内線1234 / 〒940-8501")
        #expect(counts[.email] == 1)
        #expect(counts[.phone] == 2)
        #expect(counts[.postalCode] == 1)
        #expect(counts.total == 4)
        #expect(!text.contains("taro"))
    }

    @Test("One scratch through empty, short and long texts scrubs each as a fresh scrubber does")
    func scratchReuse() {
        let long = String(repeating: "窓口の待ち時間が長い。連絡先は taro@example.jp、電話0258-39-2222です。", count: 60)
        let sequence: [[String]] = [[""], ["", ""], ["taro@example.jp"], [long, "内線1234"], [""], ["〒940-8501", ""], [long]]
        let scrubber = PIIScrubber()
        let scratch = PIIScrubber.Scratch()
        for fields in sequence {
            let reused = scrubber.scrub(fields: fields, scratch: scratch)
            let fresh = scrubber.scrub(fields: fields, scratch: PIIScrubber.Scratch())
            #expect(reused.fields == fresh.fields)
            #expect(reused.counts.total == fresh.counts.total)
            #expect(reused.fields == fields.map { scrubber.scrub($0).text })
        }
        #expect(scrubber.scrub("").text == "")
        #expect(scrubber.scrub(fields: [long], scratch: scratch).counts.total == 120)
    }

    @Test("My Number check digit")
    func checkDigit() {
        #expect(FoldedView.isValidMyNumber([1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 8]))
        #expect(!FoldedView.isValidMyNumber([1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2]))
    }
}

@Suite("PIIScrubber: names from the roster")
struct RosterNameTests {
    static let roster = Roster(people: [
        .init(staffNumber: "A10234", surname: "長岡", givenName: "花子", surnameReading: "ながおか", givenNameReading: "はなこ"),
        .init(staffNumber: "731005", surname: "中村", givenName: "健太", surnameReading: "なかむら", givenNameReading: "けんた"),
        .init(staffNumber: "880211", surname: "森", givenName: "智", surnameReading: "もり", givenNameReading: "さとし"),
    ])

    @Test("Full names anywhere; a surname or given name with an honorific or title; readings in any kana", arguments: [
        ("長岡花子が担当", "〔氏名〕が担当"),
        ("長岡 花子さん", "〔氏名〕さん"),
        ("中村課長に相談", "〔氏名〕課長に相談"),
        ("健太くんが", "〔氏名〕くんが"),
        ("ナカムラ ケンタ", "〔氏名〕"),
        ("なかむらけんた", "〔氏名〕"),
        ("ﾅｶﾑﾗｹﾝﾀ", "〔氏名〕"),
        ("ﾅｶﾞｵｶさんへ", "〔氏名〕さんへ"),
        ("森主査と", "〔氏名〕主査と"),
        ("職員番号なしでA10234とだけ", "職員番号なしで〔職員番号〕とだけ"),
    ])
    func names(input: String, expected: String) {
        #expect(PIIScrubber(roster: Self.roster).scrub(input).text == expected)
    }

    @Test("Without a roster: a common surname with a two-character given name as a contact or a signature", arguments: [
        ("渡辺由美（内線2240）", "〔氏名〕（内線〔電話番号〕）"),
        ("吉田大輔(内線2999)まで", "〔氏名〕(内線〔電話番号〕)まで"),
        ("異動しました。中村由美です。よろしく", "異動しました。〔氏名〕です。よろしく"),
        ("山田翔太と申します。", "〔氏名〕と申します。"),
        // Places and organisations stay: a longer word, or not at a boundary.
        ("中村橋です。", "中村橋です。"),
        ("長岡市役所です。", "長岡市役所です。"),
        ("森林組合内線1234", "森林組合内線〔電話番号〕"),
        ("総務課（内線1234）", "総務課（内線〔電話番号〕）"),
        ("窓口は田中町です", "窓口は田中町です"),
    ])
    func signatures(input: String, expected: String) {
        #expect(PIIScrubber().scrub(input).text == expected)
    }

    @Test("Roster surnames that are also places and words survive where they are not a person", arguments: [
        "長岡市の窓口", "森林の保全", "中村橋の補修", "長岡駅前", "森の中", "中村地区",
    ])
    func placesSurvive(input: String) {
        #expect(PIIScrubber(roster: Self.roster).scrub(input).text == input)
    }

    @Test("Loads the HR roster CSV (UTF-8 or CP932) and refuses a wrong header, naming the file")
    func load() throws {
        let folder = TemporaryFolder()
        let path = folder.write("roster.csv", utf8: "職員番号,氏名,ふりがな,所属\r\nA10234,長岡 花子,ながおか はなこ,人事課\r\n731005,中村健太,なかむらけんた,財政課\r\n", bom: true)
        let roster = try Roster.load(from: URL(fileURLWithPath: path))
        #expect(roster.people.count == 2)
        #expect(roster.people[0].surname == "長岡")
        #expect(roster.people[0].givenName == "花子")
        #expect(roster.people[1].surname == "中村健太")
        let missing = try #require(throws: ConfigError.self) { try Roster.load(from: folder.url.appendingPathComponent("none.csv")) }
        #expect(missing.message.contains("none.csv"))
        let broken = folder.write("broken.csv", utf8: "職員番号,氏名,ふりがな,所属\r\nA1,長岡 花子,ながおか はなこ\r\n")
        let brokenError = try #require(throws: ConfigError.self) { try Roster.load(from: URL(fileURLWithPath: broken)) }
        #expect(brokenError.message.contains("broken.csv line 2"))
        #expect(!brokenError.message.contains("花子"))
        let bad = folder.write("bad.csv", utf8: "番号,名前\r\n1,x\r\n")
        let error = try #require(throws: ConfigError.self) { try Roster.load(from: URL(fileURLWithPath: bad)) }
        #expect(error.message.contains("bad.csv"))
        #expect(error.message.contains("職員番号"))
    }
}
