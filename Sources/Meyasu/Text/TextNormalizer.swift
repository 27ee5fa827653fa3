/// Normalises Japanese text into the two forms Meyasu stores for every text field.
///
/// - **display**, what departments read: full-width ASCII made half-width, half-width katakana
///   made full-width with voiced marks merged, dash and wave-dash variants unified, squared and
///   enclosed compatibility characters spelt out where that keeps their meaning (㈱ → (株),
///   ㍻ → 平成, ㌔ → キロ), lines trimmed, runs of spaces collapsed, line breaks kept.
/// - **key**, for routing, duplicate detection and search: the display rules plus neologdn's —
///   spaces next to Japanese removed, long-vowel and hyphen runs collapsed — with Latin case
///   folded and every compatibility character in NFKC form (① → 1, Ⅲ → iii).
///
/// Meaning is kept: a dash between digits is a hyphen (0258－39－2222 → 0258-39-2222), a wave
/// dash between numbers, kanji or letters is a range mark and stays (9時～17時 → 9時〜17時),
/// a dash becomes ー only after kana, and nothing that carries meaning is deleted. The rules and
/// every difference from neologdn are listed in docs/normalization.md.
///
/// A value type with no shared mutable state: one per thread, or shared, as convenient.
public struct TextNormalizer: Sendable {
    /// Which form to produce.
    public enum Mode: String, Sendable, CaseIterable {
        case display, key
    }

    private let tables: UnicodeTables

    public init() {
        tables = UnicodeTables.shared
    }

    /// The display form of `text` (line breaks kept).
    public func display(_ text: String) -> String {
        normalize(text, mode: .display)
    }

    /// The key form of `text` (one line: line breaks count as spaces).
    public func key(_ text: String) -> String {
        normalize(text, mode: .key)
    }

    /// `text` in `mode`.
    public func normalize(_ text: String, mode: Mode) -> String {
        var text = text
        var buffers = Buffers()
        text.withUTF8 { normalize(utf8: $0, mode: mode, into: &buffers) }
        return String(decoding: buffers.output, as: UTF8.self)
    }

    /// Reusable working storage, so that a stream of lines allocates nothing per line.
    public struct Buffers {
        var mapped: [UInt32] = []
        var storage: [UInt8] = []
        var length = 0

        /// The UTF-8 of the last normalised text.
        public var output: ArraySlice<UInt8> { storage[0..<length] }

        public init() {
            mapped.reserveCapacity(1024)
        }
    }

    /// Normalises UTF-8 `bytes` (invalid sequences become U+FFFD) into `buffers.output`.
    public func normalize(utf8 bytes: UnsafeBufferPointer<UInt8>, mode: Mode, into buffers: inout Buffers) {
        buffers.mapped.removeAll(keepingCapacity: true)
        map(bytes, mode: mode, into: &buffers.mapped)
        // Every scalar needs at most 4 bytes, plus one space before it.
        let needed = buffers.mapped.count * 5 + 1
        if buffers.storage.count < needed { buffers.storage = [UInt8](repeating: 0, count: needed * 2) }
        let mapped = buffers.mapped
        buffers.length = buffers.storage.withUnsafeMutableBufferPointer { out in
            arrange(mapped, mode: mode, into: out.baseAddress!)
        }
    }

    // MARK: - Stage 1: scalar by scalar

    /// Decodes UTF-8 and maps each scalar on its own: widths, compatibility characters,
    /// voiced-mark composition, spaces. Dashes and tildes pass through for stage 2.
    private func map(_ bytes: UnsafeBufferPointer<UInt8>, mode: Mode, into mapped: inout [UInt32]) {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                // ASCII: the common case, kept inline.
                index += 1
                switch lead {
                case 0x0A: mapped.append(Scalar.newline)
                case 0x0D: continue
                case 0x09, 0x0B, 0x0C, 0x20: mapped.append(Scalar.space)
                case 0x41...0x5A where mode == .key: mapped.append(UInt32(lead) + 0x20)
                default: mapped.append(UInt32(lead))
                }
                continue
            }
            // Kana and kanji are three-byte sequences: decode those inline.
            if lead >= 0xE3 && lead <= 0xE9 && index + 2 < count {
                let b1 = bytes[index + 1]
                let b2 = bytes[index + 2]
                if b1 & 0xC0 == 0x80 && b2 & 0xC0 == 0x80 {
                    let value = UInt32(lead & 0x0F) << 12 | UInt32(b1 & 0x3F) << 6 | UInt32(b2 & 0x3F)
                    index += 3
                    if (0x3041...0x3096).contains(value) || (0x30A1...0x30FA).contains(value) || value >= 0x4E00 {
                        mapped.append(value)
                    } else {
                        mapScalar(value, mode: mode, into: &mapped)
                    }
                    continue
                }
            }
            let (value, length) = UTF8Decoding.decode(bytes, at: index)
            index += length
            mapScalar(value, mode: mode, into: &mapped)
        }
    }

    private func mapScalar(_ value: UInt32, mode: Mode, into mapped: inout [UInt32]) {
        switch value {
        case 0x3041...0x3096, 0x30A1...0x30FA, 0x4E00...0x9FFF, 0x3001...0x301B, 0x301D...0x302F:
            // Kana, kanji and CJK punctuation: by far the most frequent; nothing to do.
            mapped.append(value)
        case 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
            mapped.append(Scalar.space)
        case 0x200B, 0x2060, 0xFEFF:
            // Zero-width spaces and stray byte-order marks carry nothing.
            break
        case 0xFF0D, 0xFF5E:
            // Full-width hyphen-minus and tilde: their meaning depends on context (stage 2).
            mapped.append(value)
        case 0xFF01...0xFF5E:
            let ascii = value - 0xFEE0
            mapped.append(mode == .key && (0x41...0x5A).contains(ascii) ? ascii + 0x20 : ascii)
        case 0x3099, 0x309B, 0xFF9E:
            compose(&mapped, with: tables.voiced, mark: value == 0xFF9E ? 0x309B : value)
        case 0x309A, 0x309C, 0xFF9F:
            compose(&mapped, with: tables.semiVoiced, mark: value == 0xFF9F ? 0x309C : value)
        case 0xFF61...0xFF9D, 0xFFE0...0xFFE6:
            // Half-width katakana and punctuation, full-width currency signs: NFKC.
            if let mapping = tables.nfkc[value] { mapped.append(contentsOf: mapping) } else { mapped.append(value) }
        case 0x2018, 0x2019:
            mapped.append(mode == .key ? 0x27 : value)
        case 0x201C, 0x201D:
            mapped.append(mode == .key ? 0x22 : value)
        default:
            if Scalar.isDashLike(value) || Scalar.isTildeLike(value) || Scalar.isKanaOrKanji(value) {
                mapped.append(value)
            } else if mode == .display {
                mapDisplayCompatibility(value, into: &mapped)
            } else {
                mapKeyCompatibility(value, into: &mapped)
            }
        }
    }

    /// Merges a voiced or semi-voiced mark into the kana before it (か゛ → が, ﾊﾟ → パ); a
    /// mark with nothing to merge into stays as the spacing mark (゛ or ゜).
    private func compose(_ mapped: inout [UInt32], with table: [UInt32: UInt32], mark: UInt32) {
        if let last = mapped.last, let composed = table[last] {
            mapped[mapped.count - 1] = composed
        } else {
            mapped.append(mark == 0x3099 ? 0x309B : mark == 0x309A ? 0x309C : mark)
        }
    }

    /// Display: only squared and enclosed CJK compatibility characters are spelt out, where the
    /// spelling keeps their meaning; ①, Ⅲ and the like stay as the writer chose them.
    private func mapDisplayCompatibility(_ value: UInt32, into mapped: inout [UInt32]) {
        if let spelt = Scalar.displaySpellings[value] {
            mapped.append(contentsOf: spelt)
        } else if (0x3200...0x33FF).contains(value), let mapping = tables.nfkc[value], Scalar.isSafeMapping(mapping) {
            if mapping.count == 1, Scalar.isKanaOrKanji(mapping[0]) {
                // ㊤ → (上): the circle meant "a marked character", the parentheses keep that.
                mapped.append(0x28)
                mapped.append(mapping[0])
                mapped.append(0x29)
            } else {
                mapped.append(contentsOf: mapping)
            }
        } else {
            mapped.append(value)
        }
    }

    /// Key: the display spellings of squared and enclosed CJK characters (so that the key of the
    /// display form is the key of the text), NFKC for every other compatibility character, then
    /// Latin (and other) case folded.
    private func mapKeyCompatibility(_ value: UInt32, into mapped: inout [UInt32]) {
        if Scalar.displaySpellings[value] != nil || (0x3200...0x33FF).contains(value) {
            var spelt: [UInt32] = []
            mapDisplayCompatibility(value, into: &spelt)
            for scalar in spelt {
                if let mapping = tables.compatibility(scalar), Scalar.isSafeMapping(mapping) {
                    for part in mapping { mapped.append(Scalar.folded(part)) }
                } else {
                    mapped.append(Scalar.folded(scalar))
                }
            }
        } else if let mapping = tables.compatibility(value), Scalar.isSafeMapping(mapping) {
            for scalar in mapping { mapped.append(Scalar.folded(scalar)) }
        } else {
            mapped.append(Scalar.folded(value))
        }
    }

    // MARK: - Stage 2: in context

    /// Decides dashes, tildes and spaces from their neighbours, and writes UTF-8.
    private func arrange(_ mapped: [UInt32], mode: Mode, into output: UnsafeMutablePointer<UInt8>) -> Int {
        var written = 0
        var last: UInt32 = 0          // the last character written on this line; 0 at its start
        // The last character as the display form writes it (the same as `last` there). The key
        // form reads a dash first as the display form does, after this, then as a key reads that
        // result: so the key of the display form is the key of the text even where the key drops
        // a tilde or a space, or writes another dash, before it (さ~－ is さ~- in the display form,
        // so its key is さ-, not さー).
        var lastDisplayed: UInt32 = 0
        var pendingSpace = false
        let count = mapped.count
        var index = 0
        while index < count {
            let value = mapped[index]
            index += 1
            if value == Scalar.newline {
                lastDisplayed = 0
                if mode == .display {
                    output[written] = 0x0A
                    written += 1
                    last = 0
                    pendingSpace = false
                } else if last != 0 {
                    pendingSpace = true
                }
                continue
            }
            if value == Scalar.space {
                if last != 0 { pendingSpace = true }
                continue
            }
            if !pendingSpace && value >= 0x3041 && value <= 0x9FFF && value != 0x30FC && value != 0x301C && value != 0x3030 {
                // Kana and kanji with no space before them: written as they are.
                written += UTF8Decoding.write(value, to: output + written)
                last = value
                lastDisplayed = value
                continue
            }
            var result = value
            var displayed = value
            if Scalar.isDashLike(value) {
                let after = index < count ? mapped[index] : 0
                displayed = Scalar.dash(value, before: pendingSpace ? 0 : lastDisplayed, after: after)
                result = displayed
                if mode == .key {
                    // Whether the key form drops what stands between `last` and the dash.
                    let joined = !pendingSpace || !Scalar.keepsSpace(between: last, and: displayed)
                    if joined { result = Scalar.dash(displayed, before: last, after: after) }
                    if joined, result == last, result == 0x2D || result == 0x30FC {
                        lastDisplayed = displayed
                        continue  // runs collapse in the key form
                    }
                }
            } else if Scalar.isTildeLike(value) {
                displayed = value == 0xFF5E || value == 0x223C ? 0x301C : value
                if mode == .display {
                    result = displayed
                } else {
                    var ahead = index
                    while ahead < count, mapped[ahead] == Scalar.space || Scalar.isTildeLike(mapped[ahead]) { ahead += 1 }
                    let after = ahead < count ? mapped[ahead] : 0
                    guard Scalar.isRangeEnd(last), Scalar.isRangeEnd(after), last != 0x301C else {
                        lastDisplayed = displayed
                        continue
                    }
                    result = 0x301C
                }
            }
            if pendingSpace {
                pendingSpace = false
                if mode == .display || Scalar.keepsSpace(between: last, and: result) {
                    output[written] = 0x20
                    written += 1
                }
            }
            written += UTF8Decoding.write(result, to: output + written)
            last = result
            lastDisplayed = displayed
        }
        return written
    }
}

/// Scalar classes and the small decisions made about them.
enum Scalar {
    /// Markers used between the stages (never written as such).
    static let space: UInt32 = 0x20
    static let newline: UInt32 = 0x0A

    static func isDigit(_ value: UInt32) -> Bool { value >= 0x30 && value <= 0x39 }

    static func isLatinLetter(_ value: UInt32) -> Bool {
        (value >= 0x41 && value <= 0x5A) || (value >= 0x61 && value <= 0x7A)
    }

    /// Hiragana, katakana (with ー and the iteration marks).
    static func isKana(_ value: UInt32) -> Bool {
        (0x3041...0x3096).contains(value) || (0x309D...0x309F).contains(value)
            || (0x30A1...0x30FA).contains(value) || (0x30FC...0x30FF).contains(value) || (0x31F0...0x31FF).contains(value)
    }

    static func isKanji(_ value: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) || (0xF900...0xFAFF).contains(value)
            || (0x20000...0x3134F).contains(value) || (0x3005...0x3007).contains(value)
    }

    static func isKanaOrKanji(_ value: UInt32) -> Bool { isKana(value) || isKanji(value) }

    /// Japanese for the space rules (neologdn's "blocks"): kana, kanji, CJK punctuation and
    /// full-width forms.
    static func isJapanese(_ value: UInt32) -> Bool {
        (0x3001...0x30FF).contains(value) || isKanji(value) || (0xFF00...0xFFEF).contains(value)
    }

    /// Hyphens, minus signs, dashes and long-vowel marks in all their code points.
    static func isDashLike(_ value: UInt32) -> Bool {
        switch value {
        case 0x2D, 0x02D7, 0x058A, 0x2010...0x2015, 0x2043, 0x207B, 0x208B, 0x2212, 0x2500, 0x2501,
             0x30FC, 0xFE63, 0xFF0D, 0xFF70:
            return true
        default:
            return false
        }
    }

    /// Tildes and wave dashes: ~ ∼ ∾ 〜 〰 ～.
    static func isTildeLike(_ value: UInt32) -> Bool {
        value == 0x7E || value == 0x223C || value == 0x223E || value == 0x301C || value == 0x3030 || value == 0xFF5E
    }

    /// What a dash-like character means here.
    static func dash(_ value: UInt32, before: UInt32, after: UInt32) -> UInt32 {
        if isDigit(before) && isDigit(after) { return 0x2D }   // 0258－39－2222, 2025-06-12
        switch value {
        case 0x30FC, 0xFF70:
            return 0x30FC                                          // a long-vowel mark as written
        case 0x2014, 0x2015, 0x2500, 0x2501, 0xFE63, 0xFF0D:
            if isKana(before) { return 0x30FC }                   // スーパ━ → スーパー
            return value == 0x2014 || value == 0x2015 ? 0x2014 : (value == 0x2500 || value == 0x2501 ? value : 0x2D)
        default:
            return 0x2D                                            // every hyphen and minus
        }
    }

    /// A range mark stands between numbers, kanji or Latin letters (9時〜17時, 東京〜大阪, A〜C).
    static func isRangeEnd(_ value: UInt32) -> Bool {
        isDigit(value) || isKanji(value) || isLatinLetter(value)
    }

    /// In the key form a space survives only between two non-Japanese characters (words in
    /// Latin script), or before a dash or long-vowel mark that follows Latin (neologdn's rule).
    static func keepsSpace(between before: UInt32, and after: UInt32) -> Bool {
        if before == 0 || isJapanese(before) { return false }
        return !isJapanese(after) || after == 0x30FC
    }

    /// NFKC results that would damage text (a bare space with a combining mark, as NFKC makes of
    /// ゛ or ´) are not used.
    static func isSafeMapping(_ mapping: [UInt32]) -> Bool {
        guard let first = mapping.first else { return false }
        return first != 0x20 && !(0x0300...0x036F).contains(first) && !(0x3099...0x309A).contains(first)
    }

    /// Case folding for the key form.
    static func folded(_ value: UInt32) -> UInt32 {
        if value < 0x80 { return isLatinLetter(value) && value < 0x60 ? value + 0x20 : value }
        // Only alphabets with case need the (slow) property lookup.
        guard value < 0x0590 || (0x10A0...0x10FF).contains(value) || (0x1E00...0x1FFF).contains(value)
            || (0x2C00...0x2D2F).contains(value) || (0xA640...0xA7FF).contains(value) || value >= 0x10400 else { return value }
        guard let scalar = Unicode.Scalar(value), scalar.properties.changesWhenLowercased else { return value }
        let lower = scalar.properties.lowercaseMapping.unicodeScalars
        return lower.count == 1 ? lower.first!.value : value
    }

    /// Display spellings that NFKC gets wrong for readers (㎡ is m², not m2).
    static let displaySpellings: [UInt32: [UInt32]] = [
        0x33A1: [0x6D, 0xB2],              // ㎡ m²
        0x33A5: [0x6D, 0xB3],              // ㎥ m³
        0x33A0: [0x63, 0x6D, 0xB2],        // ㎠ cm²
        0x33A4: [0x63, 0x6D, 0xB3],        // ㎤ cm³
        0x33A2: [0x6B, 0x6D, 0xB2],        // ㎢ km²
        0x2116: [0x4E, 0x6F, 0x2E],        // № No.
        0x2121: [0x54, 0x45, 0x4C],        // ℡ TEL
    ]
}

/// UTF-8 by hand: the normaliser's hot loop cannot afford String's per-character machinery.
enum UTF8Decoding {
    /// The scalar starting at `index` and its length; U+FFFD (length 1) for an invalid sequence.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (UInt32, Int) {
        let lead = UInt32(bytes[index])
        let remaining = bytes.count - index
        func continuation(_ offset: Int) -> UInt32? {
            guard offset < remaining else { return nil }
            let byte = bytes[index + offset]
            return byte & 0xC0 == 0x80 ? UInt32(byte & 0x3F) : nil
        }
        switch lead {
        case 0xC2...0xDF:
            if let b1 = continuation(1) { return ((lead & 0x1F) << 6 | b1, 2) }
        case 0xE0...0xEF:
            if let b1 = continuation(1), let b2 = continuation(2) {
                let value = (lead & 0x0F) << 12 | b1 << 6 | b2
                if value >= 0x800 && !(0xD800...0xDFFF).contains(value) { return (value, 3) }
            }
        case 0xF0...0xF4:
            if let b1 = continuation(1), let b2 = continuation(2), let b3 = continuation(3) {
                let value = (lead & 0x07) << 18 | b1 << 12 | b2 << 6 | b3
                if (0x10000...0x10FFFF).contains(value) { return (value, 4) }
            }
        default:
            return (0xFFFD, 1)
        }
        // A truncated sequence: one U+FFFD for its valid prefix (the "maximal subpart" rule).
        var length = 1
        while length < 4, continuation(length) != nil { length += 1 }
        return (0xFFFD, length)
    }

    /// Writes `value` as UTF-8 at `output`; returns the number of bytes (1 to 4).
    @inline(__always)
    static func write(_ value: UInt32, to output: UnsafeMutablePointer<UInt8>) -> Int {
        switch value {
        case 0..<0x80:
            output[0] = UInt8(value)
            return 1
        case 0x80..<0x800:
            output[0] = UInt8(0xC0 | value >> 6)
            output[1] = UInt8(0x80 | value & 0x3F)
            return 2
        case 0x800..<0x10000:
            output[0] = UInt8(0xE0 | value >> 12)
            output[1] = UInt8(0x80 | (value >> 6) & 0x3F)
            output[2] = UInt8(0x80 | value & 0x3F)
            return 3
        default:
            output[0] = UInt8(0xF0 | value >> 18)
            output[1] = UInt8(0x80 | (value >> 12) & 0x3F)
            output[2] = UInt8(0x80 | (value >> 6) & 0x3F)
            output[3] = UInt8(0x80 | value & 0x3F)
            return 4
        }
    }
}
