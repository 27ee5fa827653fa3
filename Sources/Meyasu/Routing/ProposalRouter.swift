import Crypto
import Foundation

/// A proposal as the router sees it: the key forms of its title, its other text fields and the
/// proposer's hint.
public struct RoutingInput: Sendable, Equatable {
    public var title: String
    public var body: String
    public var hint: String?

    public init(title: String, body: String, hint: String? = nil) {
        self.title = title
        self.body = body
        self.hint = hint
    }
}

/// A labelled proposal the router learns from: the department that owns it.
public struct RoutingExample: Sendable, Equatable {
    public var input: RoutingInput
    public var department: String

    public init(input: RoutingInput, department: String) {
        self.input = input
        self.department = department
    }
}

/// Where the router sends a proposal, how sure it is and why.
public struct RoutingDecision: Sendable, Equatable, Codable {
    public struct Candidate: Sendable, Equatable, Codable {
        public var department: String
        /// The router's probability for this department (0–1).
        public var score: Double
    }

    /// The department the proposal goes to: the best candidate, or triage when unsure.
    public var department: String
    /// The best candidate's probability.
    public var confidence: Double
    /// True when the confidence reached the threshold; false means it went to triage.
    public var confident: Bool
    /// The three best candidates, best first.
    public var candidates: [Candidate]
    /// The words that decided it: keywords found, then the n-grams the learned model weighed most,
    /// widened to the word they sit in.
    public var words: [String]
    /// Whether the proposer's hint named the best candidate.
    public var hintAgreed: Bool

    enum CodingKeys: String, CodingKey {
        case department, confidence, confident, candidates, words
        case hintAgreed = "hint_agreed"
    }
}

/// Scores every department for a proposal and picks one, or triage when unsure.
///
/// Three kinds of evidence are added as log-odds: the learned model (complement naive Bayes over
/// character n-grams, trained from labelled proposals, hand-overs and each department's duties
/// text), the routing keywords of organization.yaml (title words count more), and the
/// proposer's hint. A softmax turns the sum into probabilities; below the organisation's
/// confidence threshold the proposal goes to the triage department with its top candidates.
///
/// A class, not a struct: the import hands one router to its worker threads, and a struct of
/// this many tables costs a retain per table each time it is copied (once per row).
public final class ProposalRouter: Sendable {
    public let organization: Organization
    private let codes: [String]
    private let model: ComplementNaiveBayes
    private let keywords: KeywordMatcher
    private let hints: HintMatcher
    private let settings: Organization.RoutingSettings

    /// The learned part of a router, trained once and reusable: `data` can be stored and read
    /// back (`init?(data:organization:)`) by a later command, which then skips the training. A
    /// model read back routes exactly as the one that was stored.
    public struct TrainedModel: Sendable {
        let model: ComplementNaiveBayes
        /// The model as bytes (about 70 bytes per distinct n-gram of the examples).
        public var data: Data { model.encoded() }

        /// Reads a stored model; nil when `data` is not a model for `organization`'s departments.
        public init?(data: Data, organization: Organization) {
            guard let model = ComplementNaiveBayes(encoded: data, classCount: organization.departments.count) else { return nil }
            self.model = model
        }

        init(model: ComplementNaiveBayes) { self.model = model }
    }

    /// Trains the learned part from `examples` and the departments' duties texts.
    /// - Parameters:
    ///   - organization: the departments, their duties and the settings.
    ///   - examples: labelled proposals (key forms); examples for unknown departments are skipped.
    public static func train(organization: Organization, examples: [RoutingExample]) -> TrainedModel {
        let settings = organization.routing
        let normalizer = TextNormalizer()
        let position = Dictionary(uniqueKeysWithValues: organization.departments.enumerated().map { ($1.code, $0) })
        var documents: [ComplementNaiveBayes.Document] = []
        // Each department's duties text is a document of its own: the model knows every
        // department before it has seen a single proposal.
        for (label, department) in organization.departments.enumerated() where settings.dutiesWeight > 0 {
            let duties = normalizer.key(department.section + "\n" + department.duties)
            documents.append(.init(title: "", body: duties, label: label, weight: Float(settings.dutiesWeight)))
        }
        for example in examples {
            guard let label = position[example.department] else { continue }
            documents.append(.init(title: example.input.title, body: example.input.body, label: label))
        }
        return TrainedModel(model: ComplementNaiveBayes(documents: documents, classCount: organization.departments.count,
                                                        smoothing: settings.smoothing, titleWeight: Float(settings.titleWeight)))
    }

    /// What a trained model depends on, as a SHA-256: the format, the departments' order, duties
    /// and training settings, and every example in order. Equal fingerprints, equal models.
    public static func fingerprint(organization: Organization, examples: [RoutingExample]) -> Data {
        var hasher = SHA256()
        func add(_ text: String) {
            hasher.update(data: Data(text.utf8))
            hasher.update(data: Data([0]))
        }
        let settings = organization.routing
        add("meyasu-router-1 \(ComplementNaiveBayes.refinementEpochs) \(ComplementNaiveBayes.refinementMargin) \(ComplementNaiveBayes.refinementRate)")
        add("\(settings.titleWeight) \(settings.smoothing) \(settings.dutiesWeight)")
        for department in organization.departments {
            add(department.code)
            add(department.section)
            add(department.duties)
        }
        for example in examples {
            add(example.department)
            add(example.input.title)
            add(example.input.body)
        }
        return Data(hasher.finalize())
    }

    /// Trains a router from `examples` (see `train(organization:examples:)`).
    /// - Parameter useKeywords: false measures the learned model alone (evaluation).
    public convenience init(organization: Organization, examples: [RoutingExample], useKeywords: Bool = true) {
        self.init(organization: organization, model: Self.train(organization: organization, examples: examples),
                  useKeywords: useKeywords)
    }

    /// A router around an already trained model.
    /// - Parameters:
    ///   - organization: the departments, their duties, keywords and aliases, and the settings
    ///     (the same departments the model was trained for).
    ///   - useKeywords: false measures the learned model alone (evaluation).
    public init(organization: Organization, model: TrainedModel, useKeywords: Bool = true) {
        self.organization = organization
        settings = organization.routing
        codes = organization.departments.map(\.code)
        let normalizer = TextNormalizer()
        self.model = model.model

        keywords = KeywordMatcher(keywords: organization.departments.map { department in
            // In key order: a dictionary's order changes with the process's hash seed, and the
            // keywords' order decides which of two equal ones is shown first.
            useKeywords ? department.keywords.sorted { $0.key < $1.key }.map { (normalizer.key($0.key), $0.value) } : []
        })
        var names: [(String, [Int])] = []
        var bureaus: [String: [Int]] = [:]
        for (label, department) in organization.departments.enumerated() {
            let section = normalizer.key(department.section)
            names.append((section, [label]))
            if section.hasSuffix("課"), section.count > 2 { names.append((String(section.dropLast()), [label])) }
            names.append((department.code, [label]))
            for alias in department.aliases { names.append((normalizer.key(alias), [label])) }
            bureaus[normalizer.key(department.bureau), default: []].append(label)
        }
        for (bureau, labels) in bureaus where !names.contains(where: { $0.0 == bureau }) { names.append((bureau, labels)) }
        hints = HintMatcher(names: names)
    }

    /// Per-thread buffers; a router is shared, scratches are not.
    public struct Scratch {
        var model = ComplementNaiveBayes.Scratch()
        var titleKeywords: [Int] = []
        var bodyKeywords: [Int] = []
        /// Per department: the logits, then their probabilities; and the departments, best first.
        var probabilities: [Double] = []
        var order: [Int] = []
        /// The best candidate's keywords and their weights (2 in the title, 1 in the body).
        var winning: [(id: Int, weight: Double)] = []
        public init() {}
    }

    /// Routes `input`.
    /// - Parameter segmenter: ICU word breaks, to widen deciding n-grams to whole words; nil
    ///   leaves them as they are (faster).
    public func route(_ input: RoutingInput, scratch: inout Scratch, segmenter: WordSegmenter? = nil) -> RoutingDecision {
        let count = codes.count
        // Kept in the scratch from row to row (a new array for each would be an allocation).
        var logits = scratch.probabilities
        scratch.probabilities = []
        logits.removeAll(keepingCapacity: true)
        logits.append(contentsOf: repeatElement(0, count: count))
        defer { scratch.probabilities = logits }
        let title = RoutingFeatures.scalars(of: input.title)
        let body = RoutingFeatures.scalars(of: input.body)
        let vector = model.vector(title: title, body: body, titleWeight: Float(settings.titleWeight), scratch: &scratch.model)
        let learned = model.scores(vector, scratch: &scratch.model)
        defer { model.recycle(vector, learned, into: &scratch.model) }
        if let best = learned.max() {
            for label in 0..<count { logits[label] += Double(learned[label] - best) / settings.learnedTemperature }
        }
        scratch.titleKeywords.removeAll(keepingCapacity: true)
        scratch.bodyKeywords.removeAll(keepingCapacity: true)
        keywords.phrases(in: title, into: &scratch.titleKeywords)
        keywords.phrases(in: body, into: &scratch.bodyKeywords)
        for id in scratch.titleKeywords {
            logits[keywords.department(of: id)] += settings.keywordWeight * keywords.weight(of: id) * settings.titleWeight
        }
        for id in scratch.bodyKeywords {
            logits[keywords.department(of: id)] += settings.keywordWeight * keywords.weight(of: id)
        }
        var named = hints.departments(in: input.hint ?? "")
        if named.isEmpty, let hint = input.hint, !hint.isEmpty {
            // A hint that names no department may still name its matter (道路の担当, 予算の係):
            // its keywords point the same way, each by its weight.
            var ids: [Int] = []
            keywords.phrases(in: RoutingFeatures.scalars(of: hint), into: &ids)
            let total = ids.reduce(0.0) { $0 + keywords.weight(of: $1) }
            for id in ids { named[keywords.department(of: id), default: 0] += keywords.weight(of: id) / total }
        }
        for (label, share) in named { logits[label] += settings.hintWeight * share }

        // The softmax, in place: each logit becomes its probability. The temperature (fitted by
        // cross-validation, docs/routing.md) makes the confidence mean what it says.
        let top = logits.max() ?? 0
        let temperature = settings.confidenceTemperature
        for label in logits.indices { logits[label] = exp((logits[label] - top) / temperature) }
        let sum = logits.reduce(0, +)
        for label in logits.indices { logits[label] /= sum }
        let probabilities = logits
        var order = scratch.order
        scratch.order = []
        order.removeAll(keepingCapacity: true)
        order.append(contentsOf: probabilities.indices)
        order.sort { probabilities[$0] > probabilities[$1] }
        defer { scratch.order = order }
        let best = order[0]
        let confidence = probabilities[best]
        let confident = confidence >= organization.confidenceThreshold

        // The words that decided it: the best candidate's keywords, heaviest first, then the
        // n-grams that most favour it over the runner-up.
        var words: [String] = []
        scratch.winning.removeAll(keepingCapacity: true)
        for id in scratch.titleKeywords where keywords.department(of: id) == best { scratch.winning.append((id, 2.0)) }
        for id in scratch.bodyKeywords where keywords.department(of: id) == best { scratch.winning.append((id, 1.0)) }
        scratch.winning.sort { left, right in
            // Heaviest first; of equal weight the longer (more specific) phrase, then the first listed.
            let (a, b) = (keywords.weight(of: left.id) * left.weight, keywords.weight(of: right.id) * right.weight)
            if a != b { return a > b }
            let (m, n) = (keywords.length(of: left.id), keywords.length(of: right.id))
            return m != n ? m > n : left.id < right.id
        }
        for (id, _) in scratch.winning {
            let phrase = keywords.text(of: id)
            if words.contains(where: { Self.contains($0, phrase) }) { continue }
            words.removeAll { Self.contains(phrase, $0) }
            words.append(phrase)
            if words.count == 3 { break }
        }
        if order.count > 1 {
            for id in model.evidence(vector, winner: best, runnerUp: order[1], limit: 8) where words.count < 5 {
                // A gram with a hiragana (品は, 冬の) straddles a word and a particle: not a word
                // to show. A lone character is shown only if it is a kanji (unigrams are).
                let code = model.codes[id]
                let length = RoutingFeatures.length(of: code)
                if length > 1, RoutingFeatures.kind(of: RoutingFeatures.part(0, of: code)) == .hiragana
                    || RoutingFeatures.kind(of: RoutingFeatures.part(length - 1, of: code)) == .hiragana { continue }
                let word = segmenter.map { Self.word(around: RoutingFeatures.text(of: code), in: input.title + "\n" + input.body, segmenter: $0) }
                    ?? Self.run(around: code, in: title) ?? Self.run(around: code, in: body) ?? RoutingFeatures.text(of: code)
                if !words.contains(where: { Self.contains($0, word) || Self.contains(word, $0) }) { words.append(word) }
            }
        }
        return RoutingDecision(
            department: confident ? codes[best] : organization.triage,
            confidence: confidence, confident: confident,
            candidates: order.prefix(3).map { .init(department: codes[$0], score: probabilities[$0]) },
            words: words, hintAgreed: named[best].map { $0 > 0 } ?? false)
    }

    /// The run of kanji, of katakana or of Latin letters (led, not ed) around the first
    /// occurrence of the n-gram `code` in `text` (at most eight characters), or nil when it is not
    /// there: a cheap word for the import, where ICU per row would cost too much.
    static func run(around code: RoutingFeatures.Code, in text: [UInt32]) -> String? {
        let length = RoutingFeatures.length(of: code)
        let first = RoutingFeatures.part(0, of: code)
        let last = RoutingFeatures.part(length - 1, of: code)
        @inline(__always) func same(_ value: UInt32, _ expected: UInt32) -> Bool {
            value == expected || (expected == 0x30 && value &- 0x30 < 10)
        }
        guard text.count >= length else { return nil }
        let second = length > 1 ? RoutingFeatures.part(1, of: code) : 0
        var start = -1
        // The first character decides almost every position, tested before the rest.
        for position in 0...(text.count - length) where same(text[position], first) {
            if length > 1, !same(text[position + 1], second) { continue }
            if length > 2, !same(text[position + 2], last) { continue }
            start = position
            break
        }
        guard start >= 0 else { return nil }
        let leftKind = RoutingFeatures.kind(of: first)
        let rightKind = RoutingFeatures.kind(of: last)
        var from = start
        var to = start + length
        while from > 0, to - from < 8, leftKind == .kanji || leftKind == .kana || leftKind == .latin,
              RoutingFeatures.kind(of: text[from - 1]) == leftKind { from -= 1 }
        while to < text.count, to - from < 8, rightKind == .kanji || rightKind == .kana || rightKind == .latin,
              RoutingFeatures.kind(of: text[to]) == rightKind { to += 1 }
        return UTF8Bytes.string(scalars: text[from..<to])
    }

    /// Whether `text` contains `part`, on UTF-8 bytes (Foundation's `contains` is locale-aware
    /// and far slower), in place: no copy of either.
    static func contains(_ text: String, _ part: String) -> Bool {
        UTF8Bytes.with(text) { haystack in UTF8Bytes.with(part) { contains(haystack, $0) } }
    }

    private static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let lead = needle.first else { return true }
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == lead {
            var offset = 1
            while offset < needle.count, haystack[start + offset] == needle[offset] { offset += 1 }
            if offset == needle.count { return true }
        }
        return false
    }

    /// The ICU word of `text` that contains the first occurrence of `gram`, or the matched
    /// characters when they span two words (a digit in the gram, folded to 0, matches any digit).
    static func word(around gram: String, in text: String, segmenter: WordSegmenter) -> String {
        let pattern = Array(gram.utf16)
        let utf16 = Array(text.utf16)
        guard !pattern.isEmpty, utf16.count >= pattern.count else { return gram }
        func same(_ value: UInt16, _ expected: UInt16) -> Bool {
            value == expected || (expected == 0x30 && (0x30...0x39).contains(value))
        }
        guard let start = (0...(utf16.count - pattern.count)).first(where: { start in
            pattern.indices.allSatisfy { same(utf16[start + $0], pattern[$0]) }
        }) else { return gram }
        // A window around the match is enough for ICU to find the word boundaries.
        var from = max(0, start - 12)
        var to = min(utf16.count, start + pattern.count + 12)
        if from > 0, UTF16.isTrailSurrogate(utf16[from]) { from -= 1 }
        if to < utf16.count, UTF16.isTrailSurrogate(utf16[to]) { to += 1 }
        let window = Array(utf16[from..<to])
        let match = (start - from)..<(start - from + pattern.count)
        if let word = segmenter.ranges(in: window).first(where: { $0.lowerBound <= match.lowerBound && match.upperBound <= $0.upperBound }) {
            return String(decoding: window[word], as: UTF16.self)
        }
        return String(decoding: window[match], as: UTF16.self)
    }
}
