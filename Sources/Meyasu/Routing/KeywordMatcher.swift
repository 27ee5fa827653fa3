/// Finds the departments' routing keywords (organization.yaml) in a proposal's key form.
///
/// Phrases are grouped by their first two characters (a phrase of one character by that
/// character), and the groups found through a `FeatureIndex`; bit sets over the BMP pass most
/// characters of a text over without a lookup. Each phrase counts once per field.
struct KeywordMatcher: Sendable {
    /// A keyword found in a text.
    struct Match: Equatable {
        let phrase: String
        let department: Int
        let weight: Double
    }

    // Phrases live in flat arrays (no array or string per phrase to retain on the hot path):
    // phrase i is scalars[offsets[i]..<offsets[i + 1]].
    private let scalars: [UInt32]
    private let offsets: [Int]
    private let texts: [String]
    private let lengths: [Int]
    private let departments: [Int]
    private let weights: [Double]
    /// Phrase ids sorted by group (`key(_:_:)`), then id.
    private let ids: [Int]
    /// The group of each key (`key(_:_:)`), and each group's run of `ids`.
    private let groups: FeatureIndex
    private let runs: [Range<Int>]
    /// Three bit sets of 65,536 bits (8 KB each, which stay in the core's nearest cache), one
    /// after the other: a BMP character that starts a phrase (`starts`); a BMP character that is
    /// a phrase of its own (`singles`); a hash of a phrase's first two characters (`pairs`). A
    /// character that fails them is passed over.
    private let bits: [UInt64]
    private static let starts = 0, singles = 1 << 16, pairs = 2 << 16
    let isEmpty: Bool

    /// - Parameter keywords: per department index, its phrases (already in key form) and weights.
    init(keywords: [[(String, Double)]]) {
        var phrases: [(scalars: [UInt32], text: String, department: Int, weight: Double)] = []
        for (department, list) in keywords.enumerated() {
            for (text, weight) in list where !text.isEmpty {
                phrases.append((text.unicodeScalars.map(\.value), text, department, weight))
            }
        }
        var scalars: [UInt32] = []
        var offsets = [0]
        for phrase in phrases {
            scalars += phrase.scalars
            offsets.append(scalars.count)
        }
        self.scalars = scalars
        self.offsets = offsets
        texts = phrases.map(\.text)
        lengths = phrases.map(\.text.count)
        departments = phrases.map(\.department)
        weights = phrases.map(\.weight)
        let keys = phrases.map { Self.key($0.scalars[0], $0.scalars.count > 1 ? $0.scalars[1] : nil) }
        let sorted = phrases.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }
        ids = sorted
        var groupKeys: [UInt64] = []
        var runs: [Range<Int>] = []
        var start = 0
        while start < sorted.count {
            let key = keys[sorted[start]]
            var end = start
            while end < sorted.count, keys[sorted[end]] == key { end += 1 }
            groupKeys.append(key)
            runs.append(start..<end)
            start = end
        }
        groups = FeatureIndex(codes: groupKeys, hot: groupKeys.count)
        self.runs = runs
        var bits = [UInt64](repeating: 0, count: 3 << 10)
        for phrase in phrases where phrase.scalars[0] < 0x10000 {
            let first = phrase.scalars[0]
            Self.set(Self.starts + Int(first), in: &bits)
            if phrase.scalars.count == 1 { Self.set(Self.singles + Int(first), in: &bits) }
            else { Self.set(Self.pairs + Self.pair(first, phrase.scalars[1]), in: &bits) }
        }
        self.bits = bits
        isEmpty = phrases.isEmpty
    }

    /// The group of the phrases that start with `first` and `second`, or of the phrase that is
    /// `first` alone (second nil).
    @inline(__always)
    private static func key(_ first: UInt32, _ second: UInt32?) -> UInt64 {
        UInt64(first) << 22 | (second.map { UInt64($0) << 1 } ?? 1)
    }

    @inline(__always)
    private static func pair(_ first: UInt32, _ second: UInt32) -> Int {
        Int(truncatingIfNeeded: ((UInt64(first) << 21 | UInt64(second)) &* 0x9E37_79B9_7F4A_7C15) >> 48)
    }

    private static func set(_ bit: Int, in bits: inout [UInt64]) {
        bits[bit >> 6] |= 1 << UInt64(bit & 63)
    }

    /// 1 when `bit` is set in `bits`, else 0.
    @inline(__always)
    private static func bit(_ bit: Int, in bits: UnsafeBufferPointer<UInt64>) -> Int {
        Int(truncatingIfNeeded: bits[bit >> 6] >> UInt64(bit & 63) & 1)
    }

    /// Every keyword in `text`, each distinct phrase once.
    func matches(in text: String) -> [Match] {
        matches(in: RoutingFeatures.scalars(of: text))
    }

    func matches(in text: [UInt32]) -> [Match] {
        var found: [Int] = []
        phrases(in: text, into: &found)
        return found.map { Match(phrase: texts[$0], department: departments[$0], weight: weights[$0]) }
    }

    func text(of id: Int) -> String { texts[id] }
    /// The phrase's length in characters (`text(of:).count`, counted once).
    func length(of id: Int) -> Int { lengths[id] }
    func department(of id: Int) -> Int { departments[id] }
    func weight(of id: Int) -> Double { weights[id] }

    /// The phrase ids found in `text`, appended to `found` (each once), in the order of their
    /// first characters in the text, and of their ids at one character: no strings on the hot
    /// path.
    func phrases(in text: [UInt32], into found: inout [Int]) {
        guard !isEmpty else { return }
        text.withUnsafeBufferPointer { text in
            withUnsafeTemporaryAllocation(of: Int32.self, capacity: text.count + 1) { candidates in
                let total = self.candidates(in: text, into: candidates)
                groups.withLookup { group in
                    func run(_ key: UInt64) -> Range<Int> { group(key).map { runs[$0] } ?? 0..<0 }
                    for candidate in candidates[0..<total] {
                        let start = Int(candidate)
                        let value = text[start]
                        var longer = start + 1 < text.count ? run(Self.key(value, text[start + 1])) : 0..<0
                        var single = run(Self.key(value, nil))
                        // The two runs merged by id, as one list of the phrases at this character.
                        while !longer.isEmpty || !single.isEmpty {
                            let id: Int
                            if single.isEmpty || (!longer.isEmpty && ids[longer.lowerBound] < ids[single.lowerBound]) {
                                id = ids[longer.removeFirst()]
                                guard matches(id, at: start, in: text) else { continue }
                            } else {
                                id = ids[single.removeFirst()]
                            }
                            if !found.contains(id) { found.append(id) }
                        }
                    }
                }
            }
        }
    }

    /// The positions of `text` where a phrase may start, into `candidates`; returns how many.
    /// Each character is tested against the bit sets with no branch (`&&` and `||` would be one,
    /// a wrong guess by the processor at most characters).
    private func candidates(in text: UnsafeBufferPointer<UInt32>, into candidates: UnsafeMutableBufferPointer<Int32>) -> Int {
        bits.withUnsafeBufferPointer { bits in
            var total = 0
            for start in 0..<text.count {
                let value = text[start]
                let next: UInt32 = start + 1 < text.count ? text[start + 1] : 0
                let bit = Int(value & 0xFFFF)
                // 0 or 1 each, combined as numbers; a character outside the BMP is always tried.
                let astral = Int(truncatingIfNeeded: value >> 16 != 0 ? 1 : 0)
                let maybe = Self.bit(Self.starts + bit, in: bits)
                    & (Self.bit(Self.pairs + Self.pair(value, next), in: bits) | Self.bit(Self.singles + bit, in: bits))
                candidates[total] = Int32(truncatingIfNeeded: start)
                total += maybe | astral
            }
            return total
        }
    }

    /// Whether phrase `id` (of two characters or more, whose first two are at `start`) is in
    /// `text` at `start`.
    private func matches(_ id: Int, at start: Int, in text: UnsafeBufferPointer<UInt32>) -> Bool {
        let from = offsets[id], length = offsets[id + 1] - from
        guard start + length <= text.count else { return false }
        return (2..<max(2, length)).allSatisfy { text[start + $0] == scalars[from + $0] }
    }
}

/// Reads the proposer's hint (関係する所属（わかれば）: 人事課, 情報政策課さん, 総務部？ …) as
/// departments it names: a 課's name, its name without 課, its code or an alias names it; a
/// 部局 names each of its departments in part. Proposers guess wrong often, so the router only
/// adds a modest weight for it.
struct HintMatcher: Sendable {
    private let names: [(name: [UInt32], departments: [Int])]

    /// - Parameter names: every name (key form) and the departments it stands for.
    init(names: [(String, [Int])]) {
        // Longest first, so 行政管理課 is read before 管理.
        self.names = names.filter { !$0.0.isEmpty }
            .map { (name: $0.0.unicodeScalars.map(\.value), departments: $0.1) }
            .sorted { $0.name.count > $1.name.count }
    }

    /// How strongly the hint names each department (summing to 1), empty when it names none.
    func departments(in hint: String) -> [Int: Double] {
        guard !hint.isEmpty else { return [:] }
        // Scalars, not String.contains: Foundation's search is locale-aware and costs more than
        // all of routing.
        var rest = hint.unicodeScalars.map(\.value)
        var shares: [Int: Double] = [:]
        var mentions = 0
        for (name, departments) in names where name.count <= rest.count {
            guard let start = (0...(rest.count - name.count)).first(where: { rest[$0..<$0 + name.count].elementsEqual(name) }) else { continue }
            // Each mention counts once, longest name first; blank it out so 人事 inside 人事課
            // is not counted again.
            rest.replaceSubrange(start..<start + name.count, with: [0x1F])
            mentions += 1
            for department in departments { shares[department, default: 0] += 1 / Double(departments.count) }
        }
        guard mentions > 0 else { return [:] }
        return shares.mapValues { $0 / Double(mentions) }
    }
}
