extension TextNormalizer {
    /// What normalising a text would do, when a scan of its bytes can tell without normalising.
    public struct Shortcut: Sendable, Equatable {
        /// Full-width ASCII (！ to ｝, but for －, whose meaning depends on its neighbours)
        /// becomes ASCII, as both forms write it.
        public var narrowsWidth: Bool
        /// Line breaks go (the key form: each follows a Japanese character).
        public var dropsLineBreaks: Bool

        /// The text is already in the form.
        public static let unchanged = Shortcut(narrowsWidth: false, dropsLineBreaks: false)
        /// The form is the text without its line breaks.
        public static let withoutLineBreaks = Shortcut(narrowsWidth: false, dropsLineBreaks: true)

        /// Appends the form of `bytes` (the text this shortcut was found for) to `out`, a run of
        /// plain bytes at a time.
        public func apply(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
            var start = 0
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                if byte == 0x0A && dropsLineBreaks {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                    index += 1
                    start = index
                } else if byte == 0xEF && narrowsWidth && index + 2 < count && (bytes[index + 1] == 0xBC || bytes[index + 1] == 0xBD) {
                    // U+FF01 to U+FF5D (EF BC 81 to EF BD 9D): the scan let through no other EF BC or EF BD.
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                    let value = UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F) | 0xF000
                    out.append(UInt8(value - 0xFEE0))
                    index += 3
                    start = index
                } else {
                    index += 1
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<count]))
        }
    }

    /// Tells, from one pass over `bytes`, that `mode` would leave them as they are (or, for the key
    /// form, only drop their line breaks); nil when it cannot tell, and the text must be normalised.
    public static func shortcut(_ bytes: UnsafeBufferPointer<UInt8>, mode: Mode) -> Shortcut? {
        let both = shortcuts(bytes)
        return mode == .display ? both.display : both.key
    }

    /// `shortcut` for both forms in one pass over `bytes`.
    ///
    /// Most of a proposal is kana, kanji, CJK punctuation and plain ASCII, which neither form
    /// changes; a pass over the bytes costs a fraction of decoding, mapping and re-encoding them.
    /// Anything a rule could touch leaves the text to the normaliser: other characters (full-width
    /// ASCII, half-width kana, compatibility characters, ideographic spaces, CR, tabs), spaces at a
    /// line's ends or in runs, a long-vowel mark between digits; for the key form also capitals,
    /// tildes, runs of dashes or long-vowel marks, spaces next to anything but ASCII and line
    /// breaks after ASCII. `TextNormalizerShortcutTests` checks it against the normaliser.
    public static func shortcuts(_ bytes: UnsafeBufferPointer<UInt8>) -> (display: Shortcut?, key: Shortcut?) {
        let count = bytes.count
        var key = true
        var lineBreaks = false
        var narrows = false
        // The two scalars before the current one (0 before the text's start).
        var previous: UInt32 = 0
        var beforePrevious: UInt32 = 0
        var index = 0
        while index < count {
            let lead = bytes[index]
            let value: UInt32
            var ascii = lead
            if lead >= 0x80 {
                // Kanji, kana, CJK punctuation (leads E3 to E9), circled numbers (E2) and
                // full-width ASCII (EF): three bytes.
                guard lead >= 0xE2 && lead <= 0xEF && index + 2 < count else { return (nil, nil) }
                let b1 = bytes[index + 1]
                let b2 = bytes[index + 2]
                guard b1 & 0xC0 == 0x80 && b2 & 0xC0 == 0x80 else { return (nil, nil) }
                let scalar = UInt32(lead & 0x0F) << 12 | UInt32(b1 & 0x3F) << 6 | UInt32(b2 & 0x3F)
                index += 3
                if scalar >= 0xFF01 && scalar < 0xFF5E && scalar != 0xFF0D {
                    // Full-width ASCII: both forms write it as ASCII, then read it as such (below).
                    // Not － (U+FF0D) or ～ (U+FF5E): what they become depends on their neighbours.
                    narrows = true
                    ascii = UInt8(scalar - 0xFEE0)
                } else {
                    value = scalar
                    if scalar >= 0x4E00 && scalar <= 0x9FFF || (scalar >= 0x3041 && scalar <= 0x3096)
                        || (scalar >= 0x30A1 && scalar <= 0x30FB) || (scalar >= 0x3001 && scalar <= 0x301B)
                        || (scalar >= 0x301D && scalar <= 0x302F) {
                        // Neither form touches these.
                    } else if scalar == 0x30FC {
                        if previous == 0x30FC || previous == 0x0A { key = false }  // the key collapses runs
                    } else if scalar == 0x301C || scalar == 0x3030 {
                        key = false  // tildes: the key keeps only range marks, as 〜
                    } else if scalar >= 0x2460 && scalar <= 0x2473 {
                        key = false  // ① to ⑳: kept by the display form, digits in the key
                    } else {
                        return (nil, nil)
                    }
                    if previous == 0x20 { key = false }  // the key drops a space next to Japanese
                    beforePrevious = previous
                    previous = value
                    continue
                }
            } else {
                index += 1
            }
            do {
                let lead = ascii
                value = UInt32(lead)
                if lead >= 0x21 && lead <= 0x7E {
                    if (lead >= 0x41 && lead <= 0x5A) || lead == 0x7E { key = false }   // capitals, tildes
                    if lead == 0x2D && (previous == 0x2D || previous == 0x0A) { key = false }
                    // A long-vowel mark between digits is a hyphen (0258ー39ー2222).
                    if lead >= 0x30 && lead <= 0x39, previous == 0x30FC, beforePrevious >= 0x30 && beforePrevious <= 0x39 {
                        return (nil, nil)
                    }
                } else if lead == 0x0A {
                    if previous == 0x20 { return (nil, nil) }  // a line's trailing space goes
                    // The key joins lines: a break at the start or after a Japanese character (every
                    // non-ASCII character let through here is one) goes.
                    if previous != 0 && previous != 0x0A && previous < 0x80 { key = false }
                    lineBreaks = true
                } else if lead == 0x20 {
                    // One space between two characters of a line stays in the display form; the
                    // key form keeps only one between two ASCII characters.
                    if previous == 0 || previous == 0x20 || previous == 0x0A { return (nil, nil) }
                    if previous >= 0x80 { key = false }
                } else {
                    return (nil, nil)
                }
            }
            beforePrevious = previous
            previous = value
        }
        if previous == 0x20 { return (nil, nil) }
        // Whatever stops the display form's shortcut stops the key's: those cases returned above.
        return (Shortcut(narrowsWidth: narrows, dropsLineBreaks: false),
                key ? Shortcut(narrowsWidth: narrows, dropsLineBreaks: lineBreaks) : nil)
    }
}
