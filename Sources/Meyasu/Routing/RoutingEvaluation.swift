/// How well a router places labelled proposals: accuracy, top-3 accuracy, per-department
/// precision and recall, and the pairs it confuses.
public struct RoutingEvaluation: Sendable {
    public struct DepartmentScore: Sendable, Equatable {
        public var department: String
        /// Labelled proposals of this department.
        public var support: Int
        public var precision: Double
        public var recall: Double
    }

    public struct Confusion: Sendable, Equatable {
        public var expected: String
        public var predicted: String
        public var count: Int
    }

    /// The proposals whose best candidate's confidence fell in [`from`, `to`) (the last band
    /// takes 1 too), and how many of them the router had right: whether its confidence means
    /// what it says, and so where `routing.confidence_threshold` is best set.
    public struct ConfidenceBand: Sendable, Equatable {
        public var from: Double
        public var to: Double
        public var proposals = 0
        public var correct = 0
        /// The sum of the band's confidences (for their mean).
        public var confidenceSum = 0.0

        public var accuracy: Double { proposals == 0 ? 0 : Double(correct) / Double(proposals) }
        public var meanConfidence: Double { proposals == 0 ? 0 : confidenceSum / Double(proposals) }

        /// Empty bands between consecutive `edges` (from 0 to 1).
        static func bands(between edges: [Double]) -> [ConfidenceBand] {
            zip(edges, edges.dropFirst()).map { ConfidenceBand(from: $0, to: $1) }
        }

        /// Counts a proposal routed with `confidence` in the last of `bands` whose lower edge it
        /// reaches (the last band takes 1 too).
        static func count(_ confidence: Double, right: Bool, in bands: inout [ConfidenceBand]) {
            let band = bands.lastIndex { $0.from <= confidence } ?? 0
            bands[band].proposals += 1
            bands[band].confidenceSum += confidence
            if right { bands[band].correct += 1 }
        }
    }

    /// The bands' edges: below 50%, 50–70%, 70–90%, 90–99%, 99% and above.
    public static let bandEdges: [Double] = [0, 0.5, 0.7, 0.9, 0.99, 1]

    public var total = 0
    public var top1 = 0
    public var top3 = 0
    /// Proposals confident enough to skip triage, and how many of those were right.
    public var confident = 0
    public var confidentCorrect = 0
    public var departments: [DepartmentScore] = []
    /// Wrong top-1 answers by (expected, predicted), most frequent first.
    public var confusions: [Confusion] = []
    public var bands = ConfidenceBand.bands(between: bandEdges)
    /// The misrouted proposals: their title (key form, scrubbed), label and decision.
    public var misses: [(title: String, expected: String, decision: RoutingDecision)] = []

    public var accuracy: Double { total == 0 ? 0 : Double(top1) / Double(total) }
    public var top3Accuracy: Double { total == 0 ? 0 : Double(top3) / Double(total) }

    /// How far the confidence is from the share of proposals it gets right: the expected
    /// calibration error over ten equal bands of confidence (0–10%, …, 90–100%), each band's
    /// |share right − mean confidence| weighted by its proposals. 0 is a confidence that means
    /// exactly what it says; a router sure of every proposal and right in nine of ten scores 0.1.
    public var calibrationError: Double {
        guard total > 0 else { return 0 }
        return calibrationBands.reduce(0) { $0 + abs(Double($1.correct) - $1.confidenceSum) } / Double(total)
    }

    /// The ten equal bands of `calibrationError`.
    private(set) var calibrationBands = ConfidenceBand.bands(between: (0...10).map { Double($0) / 10 })

    /// K-fold cross-validation: example i is in fold i mod `folds`; each fold is routed by a
    /// router learnt from the other folds, and the results are added up.
    public init(crossValidating examples: [RoutingExample], folds: Int, organization: Organization, useKeywords: Bool = true) {
        var results: [(RoutingExample, RoutingDecision)] = []
        for fold in 0..<folds {
            let training = examples.indices.filter { $0 % folds != fold }.map { examples[$0] }
            let router = ProposalRouter(organization: organization, examples: training, useKeywords: useKeywords)
            var scratch = ProposalRouter.Scratch()
            for index in examples.indices where index % folds == fold {
                results.append((examples[index], router.route(examples[index].input, scratch: &scratch)))
            }
        }
        self.init(results: results, organization: organization)
    }

    /// Routes every example with `router` and compares with its label.
    public init(router: ProposalRouter, examples: [RoutingExample]) {
        var scratch = ProposalRouter.Scratch()
        self.init(results: examples.map { ($0, router.route($0.input, scratch: &scratch)) }, organization: router.organization)
    }

    private init(results: [(RoutingExample, RoutingDecision)], organization: Organization) {
        var predicted: [String: Int] = [:]
        var correct: [String: Int] = [:]
        var support: [String: Int] = [:]
        var confusions: [String: Int] = [:]
        for (example, decision) in results {
            let best = decision.candidates.first?.department ?? organization.triage
            total += 1
            support[example.department, default: 0] += 1
            predicted[best, default: 0] += 1
            if best == example.department {
                top1 += 1
                correct[best, default: 0] += 1
            } else {
                confusions[example.department + "\u{1F}" + best, default: 0] += 1
                misses.append((example.input.title, example.department, decision))
            }
            if decision.candidates.prefix(3).contains(where: { $0.department == example.department }) { top3 += 1 }
            if decision.confident {
                confident += 1
                if best == example.department { confidentCorrect += 1 }
            }
            // The last band whose lower edge the confidence reaches (the last band takes 1 too).
            ConfidenceBand.count(decision.confidence, right: best == example.department, in: &bands)
            ConfidenceBand.count(decision.confidence, right: best == example.department, in: &calibrationBands)
        }
        departments = organization.departments.map(\.code).filter { support[$0] != nil || predicted[$0] != nil }.map { code in
            let hits = Double(correct[code] ?? 0)
            return DepartmentScore(department: code, support: support[code] ?? 0,
                                   precision: predicted[code].map { hits / Double($0) } ?? 0,
                                   recall: support[code].map { hits / Double($0) } ?? 0)
        }
        self.confusions = confusions.map { key, count in
            let parts = key.split(separator: "\u{1F}").map(String.init)
            return Confusion(expected: parts[0], predicted: parts[1], count: count)
        }.sorted { ($0.count, $1.expected, $1.predicted) > ($1.count, $0.expected, $0.predicted) }
    }
}
