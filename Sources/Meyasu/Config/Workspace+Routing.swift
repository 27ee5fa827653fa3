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
    ///   - keep: whether a model trained here is kept in the database for the next command (a
    ///     dry run keeps nothing). A kept model is used while its fingerprint matches: the same
    ///     examples, departments and settings (`ProposalRouter.fingerprint`).
    public func makeRouter(store: MeyasuStore, organization: Organization, learned: Bool = true,
                           keywords: Bool = true, keep: Bool = true) throws -> ProposalRouter {
        guard learned else {
            return ProposalRouter(organization: organization, examples: [], useKeywords: keywords)
        }
        let examples = try store.routingExamples()
        let fingerprint = ProposalRouter.fingerprint(organization: organization, examples: examples)
        if let data = try store.routingModel(fingerprint: fingerprint),
           let model = ProposalRouter.TrainedModel(data: data, organization: organization) {
            return ProposalRouter(organization: organization, model: model, useKeywords: keywords)
        }
        let model = ProposalRouter.train(organization: organization, examples: examples)
        // Keeping it only saves the next command the training: a failure (busy, read-only) is
        // no reason to fail this one.
        if keep { try? store.storeRoutingModel(model.data, fingerprint: fingerprint) }
        return ProposalRouter(organization: organization, model: model, useKeywords: keywords)
    }

    /// The model trained from the shipped examples, shipped beside them (routing/model.bin):
    /// its fingerprint (32 bytes), then `ProposalRouter.TrainedModel.data`. Written by
    /// `Benchmarks/ship_model.sh`.
    public static let shippedModelName = "model.bin"

    /// Keeps the shipped model when it was trained from exactly this workspace's examples,
    /// departments and settings, so that the first import need not train one (about half a
    /// second, and most of a test suite's time). Otherwise, or when anything fails, nothing is
    /// kept and the first command that routes trains the model.
    func keepShippedModel(_ file: URL, store: MeyasuStore) {
        guard let bytes = try? Data(contentsOf: file), bytes.count > 32,
              let organization = try? loadOrganization(), let examples = try? store.routingExamples() else { return }
        let fingerprint = bytes.prefix(32)
        let data = bytes.dropFirst(32)
        guard fingerprint == ProposalRouter.fingerprint(organization: organization, examples: examples),
              ProposalRouter.TrainedModel(data: Data(data), organization: organization) != nil else { return }
        try? store.storeRoutingModel(Data(data), fingerprint: Data(fingerprint))
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
