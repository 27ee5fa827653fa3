/// Hand-written JSON for the few places where speed or a stable key order matters.
public enum JSONText {
    /// `text` as a JSON string literal, quotes included.
    public static func quote(_ text: String) -> String {
        var text = text
        return text.withUTF8 { quote(utf8: $0) }
    }

    /// `quote` on UTF-8 bytes: runs of plain bytes are copied in one go; only what JSON (and
    /// JavaScript, for U+2028/U+2029) needs is escaped.
    static func quote(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String {
        let count = bytes.count
        // First pass: the exact output size (an escape adds 1 byte, a \u00XX adds 5, a
        // \u2028 adds 3 over its 3 UTF-8 bytes).
        var extra = 0
        var specials = 0
        for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0xE2 {
            specials += 1
            switch byte {
            case 0x22, 0x5C, 0x0A, 0x0D, 0x09: extra += 1
            case 0xE2:
                if index + 2 < count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 { extra += 3 }
            default: extra += 5
            }
        }
        let plain = specials == 0
        let capacity = count + extra + 2
        return String(unsafeUninitializedCapacity: capacity) { out in
            var written = 0
            func put(_ byte: UInt8) {
                out[written] = byte
                written += 1
            }
            put(0x22)
            var start = 0
            var index = 0
            func flush() {
                if index > start {
                    UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: out[written..<written + index - start]))
                        .copyMemory(from: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<index])))
                    written += index - start
                }
            }
            if plain {
                index = count
                flush()
                put(0x22)
                return written
            }
            while index < count {
                let byte = bytes[index]
                if byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte != 0xE2 {
                    index += 1
                    continue
                }
                flush()
                var skip = 1
                switch byte {
                case 0x22: put(0x5C); put(0x22)
                case 0x5C: put(0x5C); put(0x5C)
                case 0x0A: put(0x5C); put(0x6E)
                case 0x0D: put(0x5C); put(0x72)
                case 0x09: put(0x5C); put(0x74)
                case 0xE2:
                    if index + 2 < count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                        for escaped in (bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8 { put(escaped) }
                        skip = 3
                    } else {
                        put(byte)
                    }
                default:
                    let digits: [UInt8] = Array("0123456789abcdef".utf8)
                    for escaped in [0x5C, 0x75, 0x30, 0x30, digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]] { put(escaped) }
                }
                index += skip
                start = index
            }
            flush()
            put(0x22)
            return written
        }
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
