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

    /// What reading labelled files gave.
    public struct LabelledRows: Sendable {
        public var examples: [RoutingExample] = []
        /// Per file: its name and the rows that could not be used.
        public var problems: [(file: String, problem: RowProblem)] = []
    }

    /// Reads labelled exports (scrubbed, key forms only) with this workspace's profiles,
    /// organisation, key and roster.
    /// - Throws: `IngestError` for a file that cannot be used.
    public func readLabelled(_ paths: [String], labelColumn: String) throws -> LabelledRows {
        let reader = LabelledProposalReader(profiles: try loadProfiles(), organization: try loadOrganization(),
                                            keyer: try loadKey(), roster: try loadRoster())
        var rows = LabelledRows()
        for path in paths {
            let result = try reader.read(path, labelColumn: labelColumn)
            rows.examples += result.examples
            rows.problems += result.problems.map { (URL(fileURLWithPath: path).lastPathComponent, $0) }
        }
        return rows
    }

    /// Reads labelled exports and stores their rows as routing examples under `source`.
    /// - Parameter replacing: sources whose earlier examples are dropped first (`--replace`).
    /// - Throws: `IngestError` for a file that cannot be used (nothing is stored then).
    public func train(from paths: [String], labelColumn: String, source: String, replacing: [String] = [],
                      store: MeyasuStore) throws -> LabelledRows {
        let rows = try readLabelled(paths, labelColumn: labelColumn)
        try store.addRoutingExamples(rows.examples, source: source, replacing: replacing)
        return rows
    }

    /// The labelled files in `folder` (`*.csv`), sorted by name.
    public static func labelledFiles(in folder: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".csv") }.sorted().map { folder.appendingPathComponent($0).path }
    }
}
