/// Hand-written JSON for the few places where speed or a stable key order matters.
public enum JSONText {
    /// `text` as a JSON string literal, quotes included.
    public static func quote(_ text: String) -> String {
        var out: [UInt8] = []
        appendQuoted(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` as a JSON string literal to `out`: runs of plain bytes are copied in one
    /// go; only what JSON (and JavaScript, for U+2028/U+2029) needs is escaped.
    static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        UTF8Bytes.with(text) { appendQuoted(utf8: $0, to: &out) }
    }

    static func appendQuoted(utf8 bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let count = bytes.count
        out.reserveCapacity(out.count + count + 2)
        out.append(0x22)
        var start = 0
        var index = 0
        let raw = UnsafeRawPointer(bytes.baseAddress)
        while index < count {
            // Eight plain bytes at a time (most of a Japanese text): the word has no byte below
            // 0x20 and none equal to `"`, `\` or 0xE2 (the lead byte of U+2028/U+2029).
            if index + 8 <= count, let raw, !Self.mayNeedEscape(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                index += 8
                continue
            }
            let byte = bytes[index]
            if byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte != 0xE2 {
                index += 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            var skip = 1
            switch byte {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(0x6E)
            case 0x0D: out.append(0x5C); out.append(0x72)
            case 0x09: out.append(0x5C); out.append(0x74)
            case 0xE2:
                if index + 2 < count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                    out.append(contentsOf: (bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                    skip = 3
                } else {
                    out.append(byte)
                }
            default:
                let digits: StaticString = "0123456789abcdef"
                out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30])
                out.append(digits.utf8Start[Int(byte >> 4)])
                out.append(digits.utf8Start[Int(byte & 0x0F)])
            }
            index += skip
            start = index
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<count]))
        out.append(0x22)
    }

    /// False when no byte of `word` needs escaping; true when one may (the byte loop decides).
    @inline(__always)
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZero(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        // A byte below 0x20 (exact for thresholds up to 0x80; see "Bit Twiddling Hacks", hasless).
        let control = (word &- ones &* 0x20) & ~word & highs != 0
        return control || hasZero(word ^ (ones &* 0x22)) || hasZero(word ^ (ones &* 0x5C)) || hasZero(word ^ (ones &* 0xE2))
    }

    /// A JSON array of strings.
    public static func array(_ values: [String]) -> String {
        "[" + values.map(quote).joined(separator: ",") + "]"
    }
}
