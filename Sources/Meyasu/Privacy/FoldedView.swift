/// The text folded for detection: full-width letters and digits made ASCII, half-width katakana
/// made full-width (voiced marks merged), hiragana made katakana (so a name is found in any kana),
/// every space a space, every hyphen and minus a hyphen, and ー a hyphen between digits.
/// `origin` maps each view character back to where it starts in the original.
///
/// While folding, the view notes the few places where an identifier can start (anchors): a number
/// after a non-alphanumeric character, an ASCII word, `@`, `:`, `(`, and the kanji and kana that
/// begin a label, an honorific or a title. Most of a Japanese text is none of these, so each
/// recogniser looks only at its anchors instead of scanning the whole view.
struct FoldedView {
    let chars: [UInt32]
    /// For each view character, the index of the original scalar (or byte) it starts at.
    let origin: [Int]
    let originalCount: Int
    /// Digits with no letter or digit before them, and every `(` and `+`: where numbers start.
    let numberStarts: [Int]
    /// ASCII letters with no ASCII letter before them: where words (http, www, ext, TEL, ID) start.
    let wordStarts: [Int]
    /// `@`, `:`, `(` and the characters in `ScrubAnchors.marks` (label, title and numeral starts).
    let marks: [Int]

    /// A view of scalars (for patterns): `origin` holds scalar indices.
    init(_ original: [UInt32]) {
        self.init(capacity: original.count) { builder in
            for (index, value) in original.enumerated() { builder.add(value, at: index) }
        }
    }

    /// A view of UTF-8 text: `origin` holds byte offsets, so findings map back to byte ranges.
    /// With `scratch`, the view's storage is the scratch's, recycled from an earlier view.
    init(utf8 bytes: UnsafeBufferPointer<UInt8>, scratch: PIIScrubber.Scratch? = nil) {
        self.init(capacity: bytes.count, scratch: scratch) { builder in
            var index = 0
            let count = bytes.count
            while index < count {
                let lead = bytes[index]
                if lead < 0x80 {
                    builder.add(UInt32(lead), at: index)
                    index += 1
                } else if lead & 0xF0 == 0xE0, lead >= 0xE3, lead != 0xED, index + 2 < count,
                          bytes[index + 1] & 0xC0 == 0x80, bytes[index + 2] & 0xC0 == 0x80 {
                    // Three-byte sequences from U+3000 (kana, kanji, full-width forms): the bulk of
                    // Japanese text, decoded inline. E0–E2 (overlong checks, punctuation) and ED
                    // (surrogates) go through the full decoder.
                    let value = UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                    builder.add(value, at: index)
                    index += 3
                } else {
                    let (value, length) = UTF8Decoding.decode(bytes, at: index)
                    builder.add(value, at: index)
                    index += length
                }
            }
        }
    }

    /// Folds what `feed` adds (at most `capacity` characters) straight into the view's storage.
    private init(capacity: Int, scratch: PIIScrubber.Scratch? = nil, feed: (inout Builder) -> Void) {
        // Storage for `capacity` characters (a character takes at least one unit of the input)
        // and one more, so that even an empty text has storage for the builder's pointers; the
        // view keeps what was written. Reusing a scratch's buffers saves two large allocations.
        // The builder writes each character before anything reads it, so the storage is not
        // zeroed first (an append of `repeatElement(0, count:)` did that: as quick as a memset in
        // an optimised build, but element by element through an iterator in a debug one: two
        // thirds of the scrubbing in the tests' debug builds).
        var chars = scratch?.takeChars() ?? []
        var origin = scratch?.takeOrigin() ?? []
        chars.removeAll(keepingCapacity: true)
        origin.removeAll(keepingCapacity: true)
        var numberStarts: [Int] = []
        var wordStarts: [Int] = []
        var marks: [Int] = []
        var count = 0
        chars.append(addingCapacity: capacity + 1) { charSpan in
            charSpan.withUnsafeMutableBufferPointer { charBuffer, charsWritten in
                origin.append(addingCapacity: capacity + 1) { originSpan in
                    originSpan.withUnsafeMutableBufferPointer { originBuffer, originsWritten in
                        ScrubAnchors.markBits.withUnsafeBufferPointer { bits in
                            var builder = Builder(chars: charBuffer.baseAddress!, origin: originBuffer.baseAddress!,
                                                  markBits: bits.baseAddress!)
                            if let scratch {
                                (builder.numberStarts, builder.wordStarts, builder.marks) = scratch.takeAnchors()
                            }
                            feed(&builder)
                            count = builder.count
                            numberStarts = builder.numberStarts
                            wordStarts = builder.wordStarts
                            marks = builder.marks
                        }
                        originsWritten = count
                    }
                }
                charsWritten = count
            }
        }
        self.chars = chars
        self.origin = origin
        self.numberStarts = numberStarts
        self.wordStarts = wordStarts
        self.marks = marks
        originalCount = capacity
    }

    /// Folds one scalar at a time into the view's storage, noting anchors as it goes.
    private struct Builder {
        let chars: UnsafeMutablePointer<UInt32>
        let origin: UnsafeMutablePointer<Int>
        let markBits: UnsafePointer<UInt64>
        var count = 0
        var numberStarts: [Int] = []
        var wordStarts: [Int] = []
        var marks: [Int] = []

        init(chars: UnsafeMutablePointer<UInt32>, origin: UnsafeMutablePointer<Int>, markBits: UnsafePointer<UInt64>) {
            self.chars = chars
            self.origin = origin
            self.markBits = markBits
        }

        @inline(__always)
        mutating func add(_ value: UInt32, at index: Int) {
            let folded: UInt32
            switch value {
            case 0x4E00...0x9FFF, 0x30A1...0x30FB, 0x30FD...0x30FF:
                folded = value
            case 0x00...0x7F:
                folded = value == 0x09 ? 0x20 : value
            case 0x3041...0x3096: folded = value + 0x60            // hiragana → katakana
            case 0x30FC: folded = value
            case 0xFF01...0xFF5E: folded = value - 0xFEE0
            case 0x3000, 0x00A0, 0x2000...0x200A, 0x202F: folded = 0x20
            case 0x2010...0x2015, 0x2212, 0xFE63, 0x02D7, 0x2043, 0x207B, 0x208B: folded = 0x2D
            case 0xFF70: folded = 0x30FC
            case 0xFF61...0xFF9D: folded = UnicodeTables.shared.nfkc[value]?.first ?? value
            case 0x3099, 0x309B, 0xFF9E, 0x309A, 0x309C, 0xFF9F:
                // A voiced mark merges into the kana before it: one view character for two.
                let tables = UnicodeTables.shared
                let table = value == 0x3099 || value == 0x309B || value == 0xFF9E ? tables.voiced : tables.semiVoiced
                if count > 0, let composed = table[chars[count - 1]] {
                    chars[count - 1] = composed
                    return
                }
                folded = value
            default: folded = value
            }
            let position = count
            let previous = position > 0 ? chars[position - 1] : 0
            if folded < 0x80 {
                if folded &- 0x30 < 10 {
                    if !Self.isAlnum(previous) { numberStarts.append(position) }
                    // ー between digits is a hyphen (0258ー39ー2222); elsewhere it is part of a word.
                    if previous == 0x30FC, position >= 2, chars[position - 2] &- 0x30 < 10 { chars[position - 1] = 0x2D }
                } else if (folded | 0x20) &- 0x61 < 26 {
                    if (previous | 0x20) &- 0x61 >= 26 { wordStarts.append(position) }
                } else if folded == 0x40 || folded == 0x3A {
                    marks.append(position)
                } else if folded == 0x28 || folded == 0x2B {
                    numberStarts.append(position)
                    if folded == 0x28 { marks.append(position) }
                }
            } else if folded < 0x10000, markBits[Int(folded >> 6)] & (1 << (folded & 63)) != 0 {
                marks.append(position)
            }
            chars[position] = folded
            origin[position] = index
            count = position + 1
        }

        @inline(__always)
        static func isAlnum(_ value: UInt32) -> Bool {
            value &- 0x30 < 10 || (value < 0x80 && (value | 0x20) &- 0x61 < 26)
        }
    }

    /// The original scalars that view range `range` covers.
    func originalRange(_ range: Range<Int>) -> Range<Int> {
        let start = range.lowerBound < origin.count ? origin[range.lowerBound] : originalCount
        let end = range.upperBound < origin.count ? origin[range.upperBound] : originalCount
        return start..<end
    }

    var count: Int { chars.count }

    subscript(index: Int) -> UInt32 { index >= 0 && index < chars.count ? chars[index] : 0 }

    func isDigit(_ index: Int) -> Bool { (0x30...0x39).contains(self[index]) }
    func isLetter(_ index: Int) -> Bool { (0x41...0x5A).contains(self[index] & ~0x20) && self[index] < 0x80 }
    func isAlnum(_ index: Int) -> Bool { isDigit(index) || isLetter(index) }

    /// Whether the view holds `word` (folded; ASCII letters compared without case when asked) at `index`.
    func matches(_ word: [UInt32], at index: Int, ignoringCase: Bool = false) -> Bool {
        guard index >= 0, index + word.count <= chars.count else { return false }
        for offset in 0..<word.count {
            var value = chars[index + offset]
            var expected = word[offset]
            if ignoringCase, value < 0x80, expected < 0x80 {
                value |= 0x20
                expected |= 0x20
            }
            if value != expected { return false }
        }
        return true
    }


    /// Where `label` (folded) starts in the view: looked up among the anchors of its first
    /// character (a word start for an ASCII label, a mark otherwise), so no full scan is needed.
    func starts(of label: [UInt32], ignoringCase: Bool = false) -> [Int] {
        guard let first = label.first else { return [] }
        let anchors = first < 0x80 && (first | 0x20) &- 0x61 < 26 ? wordStarts : marks
        return anchors.filter { matches(label, at: $0, ignoringCase: ignoringCase) }
    }

    /// Skips spaces and the separators that follow a label (：, :, は, space).
    func skipLabelSeparators(from index: Int) -> Int {
        var position = index
        while position < count, [0x20, 0x3A, 0x30CF, 0x3D].contains(self[position]) { position += 1 }  // space : ハ(は) =
        return position
    }
}

/// The labels, honorifics and titles the recognisers look for, already folded, and the bitmap of
/// the characters that start one (the view's marks). Kept apart from `FoldedView` and
/// `NameRecognizer` so that no static table depends on another's initialiser.
enum ScrubAnchors {
    /// Folds a literal the way the view folds text: hiragana → katakana, full-width ASCII → ASCII.
    static func fold(_ text: String) -> [UInt32] {
        text.unicodeScalars.map { scalar in
            let value = scalar.value
            switch value {
            case 0x3041...0x3096: return value + 0x60
            case 0xFF01...0xFF5E: return value - 0xFEE0
            default: return value
            }
        }
    }

    static let extensionLabels = ["内線", "ext.", "ext"].map(fold)
    static let phoneLabels = ["電話", "TEL", "携帯", "FAX", "\u{2121}", "連絡先"].map(fold)
    static let postalLabels = ["〒", "郵便番号"].map(fold)
    static let staffNumberLabels = ["職員番号", "職番", "職員ID", "社員番号", "ID"].map(fold)

    /// Honorifics and titles, folded (hiragana as katakana).
    static let titles: [[UInt32]] = [
        "さん", "さま", "様", "氏", "君", "くん", "ちゃん", "殿", "先生", "せんせい",
        "課長補佐", "課長", "係長", "主査", "部長", "主任", "主事", "主幹", "副主幹", "補佐", "次長", "所長",
        "室長", "局長", "参事", "技師", "班長", "担当", "議員", "総括",
        // A name given as a contact: 山田（内線2288）, 星野(内線4553).
        "(内線", "内線",
    ].map(fold)

    /// Titles by their first character, longest first.
    static let titlesByFirst: [UInt32: [[UInt32]]] = Dictionary(grouping: titles, by: { $0[0] })
        .mapValues { $0.sorted { $0.count > $1.count } }

    /// Kanji numerals, which can start an address (三丁目).
    static let kanjiNumerals: [UInt32] = [0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341]

    /// A bitmap over the BMP of the non-ASCII characters that start a label, a title or a
    /// numeral: one test per character while folding.
    static let markBits: [UInt64] = {
        var bits = [UInt64](repeating: 0, count: 1024)
        let starts = (extensionLabels + phoneLabels + postalLabels + staffNumberLabels + titles).compactMap(\.first) + kanjiNumerals
        for first in starts where first >= 0x80 && first < 0x10000 { bits[Int(first >> 6)] |= 1 << (first & 63) }
        return bits
    }()
}
