/// Finds the departments' routing keywords (organization.yaml) in a proposal's key form.
///
/// Phrases are indexed by their first character, with a bitmap over the BMP so that most
/// characters of a text are passed over with one test. Each phrase counts once per field.
struct KeywordMatcher: Sendable {
    struct Phrase: Sendable {
        let scalars: [UInt32]
        let text: String
        let department: Int
        let weight: Double
    }

    /// A keyword found in a text.
    struct Match: Equatable {
        let phrase: String
        let department: Int
        let weight: Double
    }

    private let byFirst: [UInt32: [Phrase]]
    private let firstBits: [UInt64]
    let isEmpty: Bool

    /// - Parameter keywords: per department index, its phrases (already in key form) and weights.
    init(keywords: [[(String, Double)]]) {
        var byFirst: [UInt32: [Phrase]] = [:]
        var bits = [UInt64](repeating: 0, count: 1024)
        for (department, phrases) in keywords.enumerated() {
            for (text, weight) in phrases {
                let scalars = text.unicodeScalars.map(\.value)
                guard let first = scalars.first else { continue }
                byFirst[first, default: []].append(Phrase(scalars: scalars, text: text, department: department, weight: weight))
                if first < 0x10000 { bits[Int(first >> 6)] |= 1 << (first & 63) }
            }
        }
        self.byFirst = byFirst
        firstBits = bits
        isEmpty = byFirst.isEmpty
    }

    /// Every keyword in `text`, each distinct phrase once.
    func matches(in text: String) -> [Match] {
        guard !isEmpty else { return [] }
        let scalars = Array(text.unicodeScalars.lazy.map(\.value))
        var found: [Match] = []
        var seen = Set<String>()
        for start in scalars.indices {
            let value = scalars[start]
            if value < 0x10000, firstBits[Int(value >> 6)] & (1 << (value & 63)) == 0 { continue }
            guard let phrases = byFirst[value] else { continue }
            for phrase in phrases where start + phrase.scalars.count <= scalars.count {
                var same = true
                for offset in 1..<max(1, phrase.scalars.count) where scalars[start + offset] != phrase.scalars[offset] {
                    same = false
                    break
                }
                if same, seen.insert(phrase.text + "\u{1F}\(phrase.department)").inserted {
                    found.append(Match(phrase: phrase.text, department: phrase.department, weight: phrase.weight))
                }
            }
        }
        return found
    }
}

/// Reads the proposer's hint (関係する所属（わかれば）: 人事課, 情報政策課さん, 総務部？ …) as
/// departments it names: a 課's name, its name without 課, its code or an alias names it; a
/// 部局 names each of its departments in part. Proposers guess wrong often, so the router only
/// adds a modest weight for it.
struct HintMatcher: Sendable {
    private let names: [(name: String, departments: [Int])]

    /// - Parameter names: every name (key form) and the departments it stands for.
    init(names: [(String, [Int])]) {
        // Longest first, so 行政管理課 is read before 管理.
        self.names = names.filter { !$0.0.isEmpty }.sorted { $0.0.count > $1.0.count }.map { (name: $0.0, departments: $0.1) }
    }

    /// How strongly the hint names each department (summing to 1), empty when it names none.
    func departments(in hint: String) -> [Int: Double] {
        guard !hint.isEmpty else { return [:] }
        var rest = hint
        var shares: [Int: Double] = [:]
        var mentions = 0
        for (name, departments) in names where rest.contains(name) {
            // Each mention counts once, longest name first; blank it out so 人事 inside 人事課
            // is not counted again.
            rest = rest.replacingOccurrences(of: name, with: "\u{1F}")
            mentions += 1
            for department in departments { shares[department, default: 0] += 1 / Double(departments.count) }
        }
        guard mentions > 0 else { return [:] }
        return shares.mapValues { $0 / Double(mentions) }
    }
}
