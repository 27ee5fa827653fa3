/// Hand-written JSON for the few places where speed or a stable key order matters.
public enum JSONText {
    /// `text` as a JSON string literal, quotes included.
    public static func quote(_ text: String) -> String {
        if !needsEscaping(text) { return "\"" + text + "\"" }
        var out: [UInt8] = [0x22]
        out.reserveCapacity(text.utf8.count + 16)
        var bytes = text.utf8[...]
        // Copy runs of plain bytes in one go; escape only what JSON (and JavaScript) needs.
        while let special = bytes.firstIndex(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0xE2 }) {
            out.append(contentsOf: bytes[..<special])
            let byte = bytes[special]
            var next = bytes.index(after: special)
            switch byte {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case 0xE2:
                // U+2028 and U+2029 (E2 80 A8/A9) are line ends to JavaScript.
                let rest = bytes[next...]
                if rest.count >= 2, rest.first == 0x80, let third = rest.dropFirst().first, third == 0xA8 || third == 0xA9 {
                    out.append(contentsOf: Array(third == 0xA8 ? "\\u2028".utf8 : "\\u2029".utf8))
                    next = bytes.index(next, offsetBy: 2)
                } else {
                    out.append(byte)
                }
            default:
                let hex = Array(String(byte, radix: 16).utf8)
                out.append(contentsOf: Array("\\u00".utf8) + (hex.count == 1 ? [0x30] : []) + hex)
            }
            bytes = bytes[next...]
        }
        out.append(contentsOf: bytes)
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }

    /// True when `text` holds a quote, a backslash, a control character or U+2028/U+2029.
    static func needsEscaping(_ text: String) -> Bool {
        for byte in text.utf8 where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0xE2 {
            return true
        }
        return false
    }

    /// A JSON array of strings.
    public static func array(_ values: [String]) -> String {
        "[" + values.map(quote).joined(separator: ",") + "]"
    }
}
