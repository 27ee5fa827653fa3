/// Finds the departments' routing keywords (organization.yaml) in a proposal's key form.
///
/// Phrases are indexed by their first character, with a bitmap over the BMP so that most
/// characters of a text are passed over with one test. Each phrase counts once per field.
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
    private let departments: [Int]
    private let weights: [Double]
    /// Phrase ids sorted by first character.
    private let ids: [Int]
    /// The second character of each phrase in `ids` order (0 for a one-character phrase): most
    /// candidates are rejected on it without looking the phrase up.
    private let seconds: [UInt32]
    /// For a BMP character, 1 + the index of its range in `ranges` (0: no phrase starts with it):
    /// a table lookup per character instead of a hash.
    private let firstSlot: [UInt16]
    private let ranges: [Range<Int>]
    /// The same for first characters outside the BMP (rare).
    private let astral: [UInt32: Range<Int>]
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
        departments = phrases.map(\.department)
        weights = phrases.map(\.weight)
        let sorted = phrases.indices.sorted { (phrases[$0].scalars[0], $0) < (phrases[$1].scalars[0], $1) }
        ids = sorted
        seconds = sorted.map { phrases[$0].scalars.count > 1 ? phrases[$0].scalars[1] : 0 }
        var slots = [UInt16](repeating: 0, count: 0x10000)
        var ranges: [Range<Int>] = []
        var astral: [UInt32: Range<Int>] = [:]
        var start = 0
        while start < sorted.count {
            let first = phrases[sorted[start]].scalars[0]
            var end = start
            while end < sorted.count, phrases[sorted[end]].scalars[0] == first { end += 1 }
            if first < 0x10000, ranges.count < Int(UInt16.max) {
                ranges.append(start..<end)
                slots[Int(first)] = UInt16(ranges.count)
            } else {
                astral[first] = start..<end
            }
            start = end
        }
        firstSlot = slots
        self.ranges = ranges
        self.astral = astral
        isEmpty = phrases.isEmpty
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
    func department(of id: Int) -> Int { departments[id] }
    func weight(of id: Int) -> Double { weights[id] }

    /// The phrase ids found in `text`, appended to `found` (each once): no strings on the hot path.
    func phrases(in text: [UInt32], into found: inout [Int]) {
        guard !isEmpty else { return }
        text.withUnsafeBufferPointer { text in
            scalars.withUnsafeBufferPointer { phrases in
            offsets.withUnsafeBufferPointer { offsets in
            firstSlot.withUnsafeBufferPointer { firstSlot in
            ranges.withUnsafeBufferPointer { ranges in
            ids.withUnsafeBufferPointer { ids in
            seconds.withUnsafeBufferPointer { seconds in
                let count = text.count
                for start in 0..<count {
                    let value = text[start]
                    let range: Range<Int>
                    if value < 0x10000 {
                        let slot = firstSlot[Int(value)]
                        if slot == 0 { continue }
                        range = ranges[Int(slot) - 1]
                    } else {
                        guard let astralRange = astral[value] else { continue }
                        range = astralRange
                    }
                    let next: UInt32 = start + 1 < count ? text[start + 1] : 0
                    for position in range {
                        let second = seconds[position]
                        guard second == 0 || second == next else { continue }
                        let id = ids[position]
                        let from = offsets[id], length = offsets[id + 1] - from
                        guard start + length <= count else { continue }
                        var same = true
                        var offset = 2
                        while offset < length {
                            if text[start + offset] != phrases[from + offset] { same = false; break }
                            offset += 1
                        }
                        if same, !found.contains(id) { found.append(id) }
                    }
                }
            }
            }
            }
            }
            }
            }
        }
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
