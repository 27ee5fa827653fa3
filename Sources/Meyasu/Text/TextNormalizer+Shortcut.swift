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
    ///
    /// Most of a proposal is kana, kanji, CJK punctuation and plain ASCII, which neither form
    /// changes; a single pass over the bytes costs a fraction of decoding, mapping and re-encoding
    /// them. Anything a rule could touch sends the text to the normaliser: other characters
    /// (full-width ASCII, half-width kana, compatibility characters, ideographic spaces, CR, tabs),
    /// spaces at a line's ends or in runs, a long-vowel mark between digits, and for the key form
    /// also capitals, tildes, dash and long-vowel runs, spaces next to anything but ASCII and line
    /// breaks after ASCII. `TextNormalizerShortcutTests` checks it against the normaliser.
    public static func shortcut(_ bytes: UnsafeBufferPointer<UInt8>, mode: Mode) -> Shortcut? {
        let key = mode == .key
        let count = bytes.count
        var index = 0
        // The two scalars before the current one (0 before the text's start).
        var previous: UInt32 = 0
        var beforePrevious: UInt32 = 0
        var lineBreaks = false
        while index < count {
            let lead = bytes[index]
            let value: UInt32
            if lead < 0x80 {
                value = UInt32(lead)
                index += 1
                switch lead {
                case 0x0A:
                    if key {
                        // The key form joins lines: a break after a Japanese character (every
                        // non-ASCII character allowed here is one) or at the start goes.
                        if previous != 0 && previous != 0x0A && previous < 0x80 { return nil }
                        lineBreaks = true
                    } else if previous == 0x20 {
                        return nil  // a line's trailing space goes
                    }
                case 0x20:
                    // One space between two characters of a line stays in the display form; the key
                    // form keeps only one between two ASCII characters.
                    if previous == 0 || previous == 0x20 || previous == 0x0A { return nil }
                    if key && previous >= 0x80 { return nil }
                case 0x21...0x7E:
                    if key {
                        if (0x41...0x5A).contains(lead) || lead == 0x7E { return nil }   // capitals, tildes
                        if lead == 0x2D && (previous == 0x2D || previous == 0x0A) { return nil }
                    }
                    // A long-vowel mark between digits is a hyphen (0258ー39ー2222).
                    if (0x30...0x39).contains(lead), previous == 0x30FC, (0x30...0x39).contains(beforePrevious) { return nil }
                default:
                    return nil
                }
            } else if lead >= 0xE3 && lead <= 0xE9 && index + 2 < count {
                let b1 = bytes[index + 1]
                let b2 = bytes[index + 2]
                guard b1 & 0xC0 == 0x80 && b2 & 0xC0 == 0x80 else { return nil }
                value = UInt32(lead & 0x0F) << 12 | UInt32(b1 & 0x3F) << 6 | UInt32(b2 & 0x3F)
                index += 3
                switch value {
                case 0x4E00...0x9FFF, 0x3041...0x3096, 0x30A1...0x30FB, 0x3001...0x301B, 0x301D...0x302F:
                    break
                case 0x30FC:
                    if key && (previous == 0x30FC || previous == 0x0A) { return nil }
                case 0x301C, 0x3030:
                    if key { return nil }  // tildes: the key keeps only range marks, as 〜
                default:
                    return nil
                }
                if key && previous == 0x20 { return nil }
            } else {
                return nil
            }
            beforePrevious = previous
            previous = value
        }
        if previous == 0x20 { return nil }
        return lineBreaks ? .withoutLineBreaks : .unchanged
    }
}
