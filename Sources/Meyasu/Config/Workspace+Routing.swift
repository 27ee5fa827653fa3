import Foundation

extension Workspace {
    /// The header of the label column in the labelled files Meyasu ships (samples/routing/).
    public static let sampleLabelColumn = "正解所属"

    /// A router for this workspace: the organisation's departments, keywords and settings, and
    /// the model learnt from the stored examples (shipped samples, `route train`, hand-overs).
    /// - Parameters:
    ///   - learned: false ignores the stored examples (the duties texts still count): the
    ///     "rules alone" measurement.
    ///   - keywords: false ignores the keyword lists.
    public func makeRouter(store: MeyasuStore, organization: Organization, learned: Bool = true,
                           keywords: Bool = true) throws -> ProposalRouter {
        let examples = learned ? try store.routingExamples() : []
        return ProposalRouter(organization: organization, examples: examples, useKeywords: keywords)
    }

    /// What training from labelled files did.
    public struct TrainingReport: Sendable {
        public var examples = 0
        /// Per file: its name and the rows that could not be used.
        public var problems: [(file: String, problem: RowProblem)] = []
    }

    /// Reads labelled exports and stores their rows as routing examples under `source`.
    /// - Parameter replacing: sources whose earlier examples are dropped first (`--replace`).
    /// - Throws: `IngestError` for a file that cannot be used (nothing is stored then).
    public func train(from paths: [String], labelColumn: String, source: String, replacing: [String] = [],
                      store: MeyasuStore) throws -> TrainingReport {
        let reader = LabelledProposalReader(profiles: try loadProfiles(), organization: try loadOrganization(),
                                            keyer: try loadKey(), roster: try loadRoster())
        var report = TrainingReport()
        var examples: [RoutingExample] = []
        for path in paths {
            let result = try reader.read(path, labelColumn: labelColumn)
            examples += result.examples
            report.problems += result.problems.map { (URL(fileURLWithPath: path).lastPathComponent, $0) }
        }
        try store.addRoutingExamples(examples, source: source, replacing: replacing)
        report.examples = examples.count
        return report
    }

    /// The labelled files in `folder` (`*.csv`), sorted by name.
    public static func labelledFiles(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".csv") }.sorted().map { folder.appendingPathComponent($0).path }
    }
}
