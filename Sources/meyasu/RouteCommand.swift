import ArgumentParser
import Foundation
import Meyasu

struct RouteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Route a proposal's text, teach the router, or measure it.",
        subcommands: [RouteTextCommand.self, RouteTrainCommand.self, RouteEvaluateCommand.self],
        defaultSubcommand: RouteTextCommand.self
    )
}

enum TextOrJSON: String, ExpressibleByArgument, CaseIterable { case text, json }

struct RouteTextCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "Which department would receive this proposal, how sure the router is, and why.",
        discussion: "TEXT (or stdin when TEXT is absent): the first line is the title, the rest the body. The text is scrubbed and normalised as an import would, and nothing is stored."
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Argument(help: ArgumentHelp("The proposal (first line: the title); default: stdin.", valueName: "TEXT"))
    var text: String?

    @Option(name: .long, help: ArgumentHelp("The proposer's guess at the department (関係する所属).", valueName: "TEXT"))
    var hint: String?

    @Option(name: .long, help: "text or json.")
    var format: TextOrJSON = .text

    func run() throws {
        var input = text ?? ""
        if text == nil {
            input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        let space = try mapErrors { try workspace.open() }
        let (store, organization, staff) = try mapErrors {
            (try space.openStore(), try space.loadOrganization(), try space.loadRoster())
        }
        let router = try mapErrors { try space.makeRouter(store: store, organization: organization) }
        let scrubber = PIIScrubber(roster: staff)
        let normalizer = TextNormalizer()
        let lines = input.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", maxSplits: 1,
                                                                             omittingEmptySubsequences: false)
        let (clean, _) = scrubber.scrub(fields: [String(lines.first ?? ""), lines.count > 1 ? String(lines[1]) : "", hint ?? ""])
        var scratch = ProposalRouter.Scratch()
        let decision = router.route(
            RoutingInput(title: normalizer.key(clean[0]), body: normalizer.key(clean[1]),
                         hint: hint == nil ? nil : normalizer.key(clean[2])),
            scratch: &scratch, segmenter: WordSegmenter())
        let renderer = RoutingRenderer(organization: organization)
        printOut(format == .json ? renderer.json(decision) : renderer.text(decision))
    }
}

struct RouteTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Teach the router from labelled proposal exports (a column names each proposal's department).",
        discussion: "The rows are scrubbed and stored as key forms only. Exit 0: all rows learnt; 3: some rows reported (bad rows, unknown labels); 65: a file rejected whole; 66: a file cannot be opened."
    )

    @OptionGroup var workspace: WorkspaceOptions

    @OptionGroup var labelled: LabelledFileOptions

    @Flag(name: .long, help: "Forget the examples of earlier `route train` runs and the shipped samples first (hand-overs are kept).")
    var replace = false

    func run() throws {
        let space = try mapErrors { try workspace.open() }
        let store = try mapErrors { try space.openStore() }
        let rows = try mapErrors {
            try space.train(from: labelled.files, labelColumn: labelled.labelColumn, source: "train",
                            replacing: replace ? ["train", "sample"] : [], store: store)
        }
        let counts = try mapErrors { try store.routingExampleCounts() }
        for (file, problem) in rows.problems.prefix(ProposalImporter.problemsKept) {
            printOut("  " + problem.sentence(file: file) + "\n")
        }
        let total = counts.values.reduce(0, +)
        let parts = counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let files = labelled.files.count
        printOut("learnt \(rows.examples.count) examples from \(files) file\(files == 1 ? "" : "s")\(rows.problems.isEmpty ? "" : "; \(rows.problems.count) rows reported"). The router now knows \(total) (\(parts)).\n")
        if !rows.problems.isEmpty { throw ExitCode(ExitStatus.rowsReported.rawValue) }
    }
}

struct RouteEvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure the router on labelled exports: accuracy, top-3 accuracy, per-department precision and recall, confusions.",
        discussion: "Nothing is stored. Evaluate on proposals the router has not learnt from (see docs/routing.md for a held-out split)."
    )

    @OptionGroup var workspace: WorkspaceOptions

    @OptionGroup var labelled: LabelledFileOptions

    @Flag(name: .long, help: "Ignore the learned examples: keywords, duties texts and hints only.")
    var rulesOnly = false

    @Flag(name: .long, help: "Ignore organization.yaml's keywords (to measure the learned model alone).")
    var noKeywords = false

    @Option(name: .long, help: ArgumentHelp("Cross-validate within FILEs instead: split them into K folds and route each fold with a router learnt from the others (the stored examples are not used).", valueName: "K"))
    var folds: Int?

    @Flag(name: .long, help: "Also list the misrouted proposals (their titles, key form) with what decided them.")
    var listMisses = false

    @Option(name: .long, help: "text or json.")
    var format: TextOrJSON = .text

    func validate() throws {
        if let folds, folds < 2 { throw ValidationError("--folds must be 2 or more.") }
        if folds != nil && rulesOnly { throw ValidationError("--folds measures learning; it cannot go with --rules-only.") }
    }

    func run() throws {
        let space = try mapErrors { try workspace.open() }
        let (store, organization) = try mapErrors { (try space.openStore(), try space.loadOrganization()) }
        let rows = try mapErrors { try space.readLabelled(labelled.files, labelColumn: labelled.labelColumn) }
        let examples = rows.examples
        for (file, problem) in rows.problems.prefix(ProposalImporter.problemsKept) {
            FileHandle.standardError.write(Data("meyasu: \(problem.sentence(file: file)) The row is not counted.\n".utf8))
        }
        let started = Date()
        let evaluation: RoutingEvaluation
        if let folds {
            evaluation = RoutingEvaluation(crossValidating: examples, folds: folds, organization: organization,
                                           useKeywords: !noKeywords)
        } else {
            let router = try mapErrors {
                try space.makeRouter(store: store, organization: organization, learned: !rulesOnly, keywords: !noKeywords)
            }
            evaluation = RoutingEvaluation(router: router, examples: examples)
        }
        let seconds = Date().timeIntervalSince(started)
        let renderer = RoutingRenderer(organization: organization)
        printOut(format == .json ? renderer.json(evaluation, seconds: seconds) : renderer.text(evaluation, seconds: seconds, listMisses: listMisses))
        if !rows.problems.isEmpty { throw ExitCode(ExitStatus.rowsReported.rawValue) }
    }
}

/// The labelled exports `route train` and `route evaluate` read, and which column names the owner.
struct LabelledFileOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Labelled exports of the proposal form.", valueName: "FILE"))
    var files: [String]

    @Option(name: .long, help: ArgumentHelp("The column with the department code or 課 name.", valueName: "NAME"))
    var labelColumn = Workspace.sampleLabelColumn
}
