/// The features the learned part of the router reads: character unigrams, bigrams and trigrams
/// of a proposal's key form, as integer codes (no string per n-gram: routing runs on every
/// imported row).
///
/// Unigrams are kept for kanji (a single kana or letter says little); bigrams for every pair of
/// adjacent characters that are not spaces or punctuation, except two hiragana (grammar, not
/// subject matter); trigrams likewise, except three hiragana. Digits are folded to 0, so 3階 and
/// 5階 are one feature. Each choice was kept only if 5-fold cross-validation on the training
/// split did not get worse (docs/routing.md).
enum RoutingFeatures {
    /// A feature code: the n-gram's scalars packed into 64 bits. A unigram is its scalar; a
    /// bigram sets bit 63 and holds two scalars of 21 bits; a trigram sets bit 62 and holds three
    /// of 18 bits (every content character is below U+40000, see `kind(of:)`).
    typealias Code = UInt64

    static let bigramFlag: Code = 1 << 63
    static let trigramFlag: Code = 1 << 62

    /// How many characters the n-gram `code` stands for (1–3).
    @inline(__always)
    static func length(of code: Code) -> Int {
        code & bigramFlag != 0 ? 2 : code & trigramFlag != 0 ? 3 : 1
    }

    /// The `index`th scalar (from 0) of the n-gram `code` stands for.
    @inline(__always)
    static func part(_ index: Int, of code: Code) -> UInt32 {
        if code & bigramFlag != 0 { return UInt32(code >> (21 * (1 - index)) & 0x1F_FFFF) }
        if code & trigramFlag != 0 { return UInt32(code >> (18 * (2 - index)) & 0x3_FFFF) }
        return UInt32(code & 0x1F_FFFF)
    }

    /// The scalars of `text`, without counting them first.
    static func scalars(of text: String) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { out.append(scalar.value) }
        return out
    }

    /// Calls `visit` with each feature of `text` (key form) in order.
    static func forEach(in text: String, _ visit: (Code) -> Void) {
        forEach(in: scalars(of: text), visit)
    }

    /// Calls `visit` with each feature of `scalars` (key form) in order.
    static func forEach(in scalars: [UInt32], _ visit: (Code) -> Void) {
        var previous: UInt32 = 0
        var previousIsHiragana = false
        var before: UInt32 = 0
        var beforeIsHiragana = false
        for scalar in scalars {
            var value = scalar
            guard let kind = kind(of: value) else {
                previous = 0
                before = 0
                continue
            }
            if kind == .digit { value = 0x30 }
            let isHiragana = kind == .hiragana
            if kind == .kanji { visit(Code(value)) }
            // Runs of hiragana are grammar (してい, ので, ている), not subject matter.
            if previous != 0 {
                if !(isHiragana && previousIsHiragana) { visit(bigramFlag | Code(previous) << 21 | Code(value)) }
                if before != 0, !(isHiragana && previousIsHiragana && beforeIsHiragana) {
                    visit(trigramFlag | Code(before) << 36 | Code(previous) << 18 | Code(value))
                }
            }
            before = previous
            beforeIsHiragana = previousIsHiragana
            previous = value
            previousIsHiragana = isHiragana
        }
    }

    enum Kind { case kanji, kana, hiragana, latin, digit }

    /// What kind of content character `value` is; nil for spaces, punctuation and symbols.
    @inline(__always)
    static func kind(of value: UInt32) -> Kind? {
        switch value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0xF900...0xFAFF, 0x20000...0x3FFFF, 0x3005: return .kanji
        case 0x30A1...0x30FA, 0x30FC: return .kana
        case 0x3041...0x3096: return .hiragana
        case 0x61...0x7A, 0x41...0x5A: return .latin
        case 0x30...0x39: return .digit
        default: return nil
        }
    }

    /// The n-gram a code stands for, for explanations.
    static func text(of code: Code) -> String {
        String(String.UnicodeScalarView((0..<length(of: code)).compactMap { Unicode.Scalar(part($0, of: code)) }))
    }
}

/// A fixed map from feature codes to dense ids, with open addressing: one multiply and usually
/// one probe per lookup, several times faster than `Dictionary` on the import's hot path.
struct FeatureIndex: Sendable {
    /// A key and its id side by side, so that a probe reads one cache line, not two (the table of
    /// a model with trigrams is several megabytes: most probes miss the cache).
    private struct Slot {
        var key: UInt64
        var id: Int32
    }

    private let slots: [Slot]
    private let mask: Int
    let count: Int

    /// The index of `codes` (sorted, distinct), each code's id its position.
    init(sorted codes: [RoutingFeatures.Code]) {
        var capacity = 16
        while capacity < codes.count * 2 { capacity <<= 1 }
        var slots = [Slot](repeating: Slot(key: .max, id: -1), count: capacity)
        let mask = capacity - 1
        for (id, key) in codes.enumerated() {
            var slot = Self.slot(of: key, mask: mask)
            while slots[slot].key != .max { slot = (slot + 1) & mask }
            slots[slot] = Slot(key: key, id: Int32(id))
        }
        self.slots = slots
        self.mask = mask
        count = codes.count
    }

    @inline(__always)
    private static func slot(of key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// Runs `body` with a lookup that reads the table through pointers (no retain, no bounds
    /// check per probe): for the hot loop of routing.
    func withLookup<R>(_ body: ((UInt64) -> Int?) -> R) -> R {
        slots.withUnsafeBufferPointer { slots in
            let mask = self.mask
            return body { key in
                var slot = Self.slot(of: key, mask: mask)
                while true {
                    let found = slots[slot]
                    if found.key == key { return Int(found.id) }
                    if found.key == .max { return nil }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// The id of `key`, or nil when the model never saw it.
    @inline(__always)
    func id(of key: UInt64) -> Int? {
        withLookup { $0(key) }
    }
}
