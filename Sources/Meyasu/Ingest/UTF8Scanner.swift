/// Counts well-formed multi-byte UTF-8 sequences and invalid bytes in a stream of chunks.
///
/// Sequences may span chunk boundaries. Overlong forms, surrogates and code points above
/// U+10FFFF count as invalid, as the Unicode standard requires.
struct UTF8Scanner {
    private var need = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF
    private(set) var validMultibyte = 0
    private(set) var invalid = 0

    mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            if need == 0 {
                if byte < 0x80 {
                    index += 1
                    // ASCII runs dominate CSV structure: skip them eight bytes at a time.
                    while index + 8 <= count,
                          bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                        index += 8
                    }
                    continue
                }
                lower = 0x80
                upper = 0xBF
                switch byte {
                case 0xC2...0xDF: need = 1
                case 0xE0: need = 2; lower = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: need = 2
                case 0xED: need = 2; upper = 0x9F
                case 0xF0: need = 3; lower = 0x90
                case 0xF1...0xF3: need = 3
                case 0xF4: need = 3; upper = 0x8F
                default: invalid += 1
                }
                index += 1
            } else if byte >= lower && byte <= upper {
                need -= 1
                lower = 0x80
                upper = 0xBF
                if need == 0 { validMultibyte += 1 }
                index += 1
            } else {
                // A truncated sequence; the byte is looked at again as a possible start.
                invalid += 1
                need = 0
            }
        }
    }

    mutating func finish() {
        if need > 0 {
            invalid += 1
            need = 0
        }
    }
}
