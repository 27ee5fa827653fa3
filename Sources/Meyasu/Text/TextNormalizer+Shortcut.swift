extension TextNormalizer {
    /// What normalising a text would do, when a scan of its bytes can tell without normalising.
    public enum Shortcut: Sendable, Equatable {
        /// The text is already in the form.
        case unchanged
        /// The key form is the text without its line breaks (each follows a Japanese character).
        case withoutLineBreaks
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
        // The two scalars before the current one (0 before the text's start).
        var previous: UInt32 = 0
        var beforePrevious: UInt32 = 0
        var index = 0
        while index < count {
            let lead = bytes[index]
            let value: UInt32
            if lead >= 0x80 {
                // Kanji, kana and CJK punctuation: three bytes, leads E3 to E9.
                guard lead >= 0xE3 && lead <= 0xE9 && index + 2 < count else { return (nil, nil) }
                let b1 = bytes[index + 1]
                let b2 = bytes[index + 2]
                guard b1 & 0xC0 == 0x80 && b2 & 0xC0 == 0x80 else { return (nil, nil) }
                value = UInt32(lead & 0x0F) << 12 | UInt32(b1 & 0x3F) << 6 | UInt32(b2 & 0x3F)
                index += 3
                if value >= 0x4E00 || (value >= 0x3041 && value <= 0x3096) || (value >= 0x30A1 && value <= 0x30FB)
                    || (value >= 0x3001 && value <= 0x301B) || (value >= 0x301D && value <= 0x302F) {
                    // Neither form touches these.
                } else if value == 0x30FC {
                    if previous == 0x30FC || previous == 0x0A { key = false }  // the key collapses runs
                } else if value == 0x301C || value == 0x3030 {
                    key = false  // tildes: the key keeps only range marks, as 〜
                } else {
                    return (nil, nil)
                }
                if previous == 0x20 { key = false }  // the key drops a space next to Japanese
            } else {
                value = UInt32(lead)
                index += 1
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
        return (.unchanged, key ? (lineBreaks ? .withoutLineBreaks : .unchanged) : nil)
    }
}
