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
        var text = text
        return text.withUTF8 { bytes in
            // From the string's UTF-8 (valid, as every string's is): ASCII and the three-byte
            // sequences of Japanese text inline, the rest by the normaliser's decoder. The scalar
            // view's iterator cost as much as a tenth of routing.
            [UInt32](unsafeUninitializedCapacity: bytes.count) { out, count in
                var index = 0
                var written = 0
                while index < bytes.count {
                    let lead = bytes[index]
                    if lead < 0x80 {
                        out[written] = UInt32(lead)
                        index += 1
                    } else if lead & 0xF0 == 0xE0 {
                        out[written] = UInt32(lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                        index += 3
                    } else {
                        let (value, length) = UTF8Decoding.decode(bytes, at: index)
                        out[written] = value
                        index += length
                    }
                    written += 1
                }
                count = written
            }
        }
    }

    /// Calls `visit` with each feature of `text` (key form) in order.
    static func forEach(in text: String, _ visit: (Code) -> Void) {
        forEach(in: scalars(of: text), visit)
    }

    /// Calls `visit` with each feature of `scalars` (key form) in order.
    @inline(__always)
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
        UTF8Bytes.string(scalars: (0..<length(of: code)).lazy.map { part($0, of: code) })
    }
}

/// A fixed map from feature codes to dense ids, with open addressing: one multiply and usually
/// one probe per lookup, several times faster than `Dictionary` on the import's hot path.
///
/// The map has two tables: a small one for the first `hot` ids and a large one for the rest. A
/// model numbers its features most frequent first (`ComplementNaiveBayes`), so most of a text's
/// n-grams are found in the small table, which stays in the core's cache; the large one, several
/// megabytes, is read only for the rarer n-grams.
struct FeatureIndex: Sendable {
    /// What a lookup finds for a key: its id (-1: not in the index) and its value (0: not in the
    /// index).
    struct Match {
        var id: Int32
        var value: Float
    }

    /// A key and what it maps to side by side, so that a probe reads one cache line, not two.
    /// The value fills what would be the slot's padding (16 bytes either way).
    private struct Slot {
        var key: UInt64
        var match: Match
    }

    private struct Table {
        var slots: [Slot]
        var mask: Int

        /// - Parameter values: each key's value, by id; nil for 0 throughout.
        init(keys: ArraySlice<RoutingFeatures.Code>, values: [Float]?) {
            // At most 70% full: the model's 148,000 rarer n-grams take 4 MB, not 8, and most
            // keys are still in their own slot.
            var capacity = 16
            while capacity * 7 < keys.count * 10 { capacity <<= 1 }
            var slots = [Slot](repeating: Slot(key: .max, match: Match(id: -1, value: 0)), count: capacity)
            let mask = capacity - 1
            for (id, key) in zip(keys.indices, keys) {
                var slot = FeatureIndex.slot(of: key, mask: mask)
                while slots[slot].key != .max { slot = (slot + 1) & mask }
                slots[slot] = Slot(key: key, match: Match(id: Int32(id), value: values?[id] ?? 0))
            }
            self.slots = slots
            self.mask = mask
        }

        /// What `key` maps to in `slots` (this table's), or an empty slot's match (id -1) when
        /// it is not here.
        @inline(__always)
        func find(_ key: UInt64, in slots: UnsafeBufferPointer<Slot>) -> Match {
            var slot = FeatureIndex.slot(of: key, mask: mask)
            while true {
                let found = slots[slot]
                if found.key == key || found.key == .max { return found.match }
                slot = (slot + 1) & mask
            }
        }

        /// Looks up the keys at `entries` (positions in `keys`): each match into `matches` (id
        /// -1 when not here), and, given `absent`, the entries not here into it from its start
        /// (their number is returned). `pending`, as long as `entries`, is scratch.
        ///
        /// Each key's own slot is read first, and its id taken as it is (an empty slot's is -1)
        /// with no branch on what was read, so the reads overlap; only the keys that met another
        /// key in their slot (a few in ten) are then searched further.
        func lookUp<Entries: Sequence<Int32>>(_ entries: Entries, of keys: UnsafeBufferPointer<UInt64>,
                                              matches: UnsafeMutableBufferPointer<Match>,
                                              pending: UnsafeMutableBufferPointer<Int32>,
                                              absent: UnsafeMutableBufferPointer<Int32>?) -> Int {
            slots.withUnsafeBufferPointer { slots in
                var unsettled = 0
                var missing = 0
                for entry in entries {
                    let key = keys[Int(entry)]
                    let found = slots[FeatureIndex.slot(of: key, mask: mask)]
                    matches[Int(entry)] = found.match
                    pending[unsettled] = entry
                    unsettled += found.key != key && found.key != .max ? 1 : 0
                    if let absent {
                        absent[missing] = entry
                        missing += found.key == .max ? 1 : 0
                    }
                }
                for entry in pending[0..<unsettled] {
                    let match = find(keys[Int(entry)], in: slots)
                    matches[Int(entry)] = match
                    if match.id < 0, let absent {
                        absent[missing] = entry
                        missing += 1
                    }
                }
                return missing
            }
        }
    }

    private let hotTable: Table
    private let coldTable: Table
    let count: Int

    /// The index of `codes` (distinct; `UInt64.max` is not a code), each code's id its position.
    /// - Parameters:
    ///   - values: a number kept beside each code (by id, as long as `codes`) and found with it
    ///     by `matches(of:into:pending:absent:)`: the model's IDF, which is then read from
    ///     the cache line the lookup read anyway, not from an array of its own. Nil: 0 for all.
    ///   - hot: how many of the first ids go to the small table.
    init(codes: [RoutingFeatures.Code], values: [Float]? = nil, hot: Int = FeatureIndex.hotCount) {
        precondition(values == nil || values?.count == codes.count, "a value for each code")
        let split = min(max(0, hot), codes.count)
        hotTable = Table(keys: codes[..<split], values: values)
        coldTable = Table(keys: codes[split...], values: values)
        count = codes.count
    }

    /// Ids below this go to the small table: 16,384 keys make a 512 KB table, which with their
    /// weights (14 departments) fits a core's 2 MB L2 cache, and they are about 84% of the n-grams
    /// of the benchmark's proposals (Benchmarks/README.md).
    static let hotCount = 16_384

    @inline(__always)
    fileprivate static func slot(of key: UInt64, mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// Runs `body` with a lookup that reads the tables through pointers (no retain, no bounds
    /// check per probe): for the hot loop of routing.
    func withLookup<R>(_ body: ((UInt64) -> Int?) -> R) -> R {
        hotTable.slots.withUnsafeBufferPointer { hot in
            coldTable.slots.withUnsafeBufferPointer { cold in
                body { key in
                    var id = hotTable.find(key, in: hot).id
                    if id < 0 { id = coldTable.find(key, in: cold).id }
                    return id < 0 ? nil : Int(id)
                }
            }
        }
    }

    /// The match of each of `keys` (id -1 and value 0: not in the index) into `matches`;
    /// `pending` and `absent`, each as long as `keys`, are scratch.
    ///
    /// Looking keys up one by one, the processor guesses at each probe whether the key is there,
    /// guesses wrong often (found, missing, or another key in its slot), and so waits for each
    /// read of the table in turn; `Table.lookUp` reads a table for many keys with no such guess.
    /// The small table is searched for every key, then the large one for the keys it lacked.
    func matches(of keys: UnsafeBufferPointer<UInt64>, into matches: UnsafeMutableBufferPointer<Match>,
                 pending: UnsafeMutableBufferPointer<Int32>, absent: UnsafeMutableBufferPointer<Int32>) {
        let missing = hotTable.lookUp(0..<Int32(truncatingIfNeeded: keys.count), of: keys, matches: matches,
                                      pending: pending, absent: absent)
        _ = coldTable.lookUp(absent[0..<missing], of: keys, matches: matches, pending: pending, absent: nil)
    }

    /// The id of `key`, or nil when the model never saw it.
    @inline(__always)
    func id(of key: UInt64) -> Int? {
        withLookup { $0(key) }
    }
}
