// The scrubber: PIIScrubber (without and with a roster) over the input (decoded as UTF-8, bad
// sequences replaced), alone, as several fields, and with identifiers planted in its middle.
//
// Checks (docs/privacy.md): no crash or hang; redactions replace whole characters (no U+FFFD
// appears that the input did not have); scrubbing fields in one pass gives what scrubbing each
// alone gives (no recogniser reads across fields); a planted e-mail address and phone number,
// set off by 。, never survive whatever surrounds them.
import FuzzSupport
@testable import Meyasu

let plain = PIIScrubber()
let rostered = PIIScrubber(roster: Roster(people: [
    .init(staffNumber: "A12345", surname: "山田", givenName: "太郎", surnameReading: "やまだ", givenNameReading: "たろう"),
    .init(staffNumber: "B67890", surname: "佐藤", givenName: "花子", surnameReading: "さとう", givenNameReading: "はなこ"),
]))
let plantedEmail = "taro.yamada@example.lg.jp"
let plantedPhone = "0258-39-2222"

func replacementCount(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { $0 + ($1 == "\u{FFFD}" ? 1 : 0) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScrubber(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for scrubber in [plain, rostered] {
        let alone = scrubber.scrub(text)
        invariant(replacementCount(alone.text) <= replacementCount(text), "a redaction split a character")

        let half = text.index(text.startIndex, offsetBy: text.count / 2)
        let parts = [String(text[..<half]), String(text[half...]), text]
        let together = scrubber.scrub(fields: parts)
        let separately = parts.map { scrubber.scrub($0).text }
        invariant(together.fields == separately, "scrubbing fields together differs from one by one")

        let planted = "\(parts[0])。連絡先：\(plantedEmail)。電話 \(plantedPhone)。\(parts[1])"
        let scrubbed = scrubber.scrub(planted).text
        invariant(!scrubbed.contains(plantedEmail), "a planted e-mail address survived")
        invariant(!scrubbed.contains("39-2222"), "a planted phone number survived")
    }
    return 0
}

@_cdecl("FuzzScrubber_main")
public func fuzzScrubberMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv, fuzzScrubber)
}
