import ArgumentParser
import Foundation
import Meyasu

/// What the workflow commands open: the workspace, its organisation, the database and the
/// workflow with the configured statuses.
struct WorkflowContext {
    let space: Workspace
    let organization: Organization
    let store: MeyasuStore
    let workflow: ProposalWorkflow

    init(_ options: WorkspaceOptions) throws {
        let space = try mapErrors { try options.open() }
        let (organization, roster) = try mapErrors { (try space.loadOrganization(), try space.loadRoster()) }
        let store = try mapErrors { try space.openStore() }
        self.space = space
        self.organization = organization
        self.store = store
        workflow = ProposalWorkflow(store: store, rules: space.config.proposals.statusRules, organization: organization,
                                    roster: roster)
    }

    /// `--as WHO` as an actor: admin or a department code.
    func actor(_ text: String) throws -> WorkflowActor {
        guard let actor = WorkflowActor(text, organization: organization) else {
            throw Failure("--as \(text) is neither admin nor a department code in \(space.config.organization); use admin or one of: \(codes).", .usage)
        }
        return actor
    }

    func checkDepartment(_ code: String?, option: String) throws {
        try mapErrors { try workflow.checkDepartment(code, option: option) }
    }

    func checkStatus(_ status: String?) throws {
        try mapErrors { try workflow.checkStatus(status) }
    }

    private var codes: String { organization.departments.map(\.code).joined(separator: ", ") }
}

/// `YYYY-MM-DD` as a day, or a usage error naming the option.
func parseDay(_ text: String?, option: String) throws -> CivilDate? {
    guard let text else { return nil }
    guard text.count == 10, let day = CivilDate(iso: text) else {
        throw Failure("\(option) \(text) is not a day; write it as YYYY-MM-DD (e.g. 2025-04-01).", .usage)
    }
    return day
}

/// Today in Japan, where the city is.
func todayInJapan(_ now: Date = Date()) -> CivilDate {
    CivilDate(dayNumber: Int(((now.timeIntervalSince1970 + 9 * 3600) / 86400).rounded(.down)))
}

struct ProposalsAnswerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "answer",
        abstract: "Change a proposal's status, draft its answer, publish it — as the department it is assigned to (or admin).",
        discussion: "Any of --status, --text and --publish, applied in that order in one step. Moves are checked against proposals.transitions in meyasu.yaml; 不採用 and 対象外 need --reason. A published answer is visible to all staff (meyasu publish)."
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Argument(help: "The proposal's ID (from `meyasu proposals list`).")
    var id: Int64

    @Option(name: [.customLong("as")], help: ArgumentHelp("Who answers: the department code the proposal is assigned to, or admin.", valueName: "WHO"))
    var actor: String

    @Option(name: .long, help: ArgumentHelp("Move the proposal to this status (e.g. 検討中, 採用, 不採用).", valueName: "S"))
    var status: String?

    @Option(name: .long, help: ArgumentHelp("Why (needed for 不採用 and 対象外; kept in the history, scrubbed of names and numbers).", valueName: "TEXT"))
    var reason: String?

    @Option(name: .long, help: ArgumentHelp("The answer (a new draft; scrubbed of names and numbers).", valueName: "TEXT"))
    var text: String?

    @Flag(name: .long, help: "Publish the answer (this --text, else the latest draft) for all staff.")
    var publish = false

    func validate() throws {
        if status == nil && text == nil && !publish {
            throw ValidationError("give --status, --text or --publish (or several).")
        }
    }

    func run() throws {
        let context = try WorkflowContext(workspace)
        let who = try context.actor(actor)
        let before = try mapErrors { try context.store.proposalState(id: id) }
        let after = try mapErrors {
            try context.workflow.update(id, status: status, reason: reason, answer: text, publish: publish, as: who)
        }
        var done: [String] = []
        if let before, before.status != after.status { done.append("\(before.status) → \(after.status)") }
        if text != nil { done.append("回答を下書きしました") }
        if publish { done.append("回答を公開しました") }
        printOut("提案 \(id): " + (done.isEmpty ? "変更なし（状態は \(after.status)）" : done.joined(separator: "、")) + "\n")
    }
}

struct ProposalsNoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "note",
        abstract: "Add a private note to a proposal, or list your department's notes on it. Only the department that wrote a note reads it."
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Argument(help: "The proposal's ID (from `meyasu proposals list`).")
    var id: Int64

    @Option(name: [.customLong("as")], help: ArgumentHelp("Whose note: the department code the proposal is assigned to, or admin.", valueName: "WHO"))
    var actor: String

    @Option(name: .long, help: ArgumentHelp("The note (scrubbed of names and numbers); without it, lists the notes.", valueName: "TEXT"))
    var text: String?

    func run() throws {
        let context = try WorkflowContext(workspace)
        let who = try context.actor(actor)
        if let text {
            try mapErrors { try context.workflow.addNote(id, text: text, as: who) }
            printOut("提案 \(id): メモを追加しました（\(who) のみ閲覧できます）\n")
        } else {
            let notes = try mapErrors { try context.workflow.notes(id, as: who) }
            printOut(notes.map { "\($0.at)  \($0.actor)  \($0.text)" }.joined(separator: "\n") + (notes.isEmpty ? "" : "\n")
                     + "(\(notes.count)件)\n")
        }
    }
}

struct ProposalsHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Every change to a proposal, oldest first: hand-overs, status changes, answers, notes (that one was written, not what it says)."
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Argument(help: "The proposal's ID (from `meyasu proposals list`).")
    var id: Int64

    @Option(name: [.customLong("as")], help: ArgumentHelp("Read as this department (or admin): the texts of its own drafts are shown.", valueName: "WHO"))
    var actor: String?

    @Option(name: .long, help: "table, csv or json.")
    var format: OutputFormat = .table

    func run() throws {
        let context = try WorkflowContext(workspace)
        let reader = try actor.map { try context.actor($0) }
        guard let state = try mapErrors({ try context.store.proposalState(id: id) }) else {
            throw Failure("there is no proposal \(id); list them with `meyasu proposals list`.", .usage)
        }
        let events = try mapErrors { try context.store.proposalEvents(id: id) }
        let showDrafts = reader?.mayWork(on: state.department) ?? false
        printOut(ProposalHistoryRenderer(showDrafts: showDrafts).render(events, as: format))
    }
}

struct ProposalsStaleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stale",
        abstract: "Proposals without a published answer more than N days after they were submitted, department by department."
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Option(name: .long, help: ArgumentHelp("More than this many days since submission (default 30).", valueName: "N"))
    var days = 30

    @Option(name: .long, help: ArgumentHelp("Only this department (a code from organization.yaml).", valueName: "CODE"))
    var department: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("Count the days to this day (default: today in Japan).", valueName: "YYYY-MM-DD"))
    var asOf: String?

    @Option(name: .long, help: "table, csv or json.")
    var format: OutputFormat = .table

    func validate() throws {
        if days < 0 { throw ValidationError("--days must be 0 or more.") }
    }

    func run() throws {
        let context = try WorkflowContext(workspace)
        try context.checkDepartment(department, option: "--department")
        let day = try parseDay(asOf, option: "--as-of") ?? todayInJapan()
        let latest = CivilDate(dayNumber: day.dayNumber - days - 1)
        let proposals = try mapErrors {
            try context.store.proposals(ProposalFilter(department: department, through: latest.iso, unanswered: true,
                                                       order: .departmentOldestFirst))
        }
        printOut(StaleRenderer(organization: context.organization, asOf: day, days: days).render(proposals, as: format))
    }
}

struct PublishCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish",
        abstract: "Write the published answers board: one self-contained, searchable HTML page (DIR/index.html) for the staff portal.",
        discussion: "Only published answers, with the proposal's title and texts, the answering department, the status and the day; no ID, no name, no note, no draft."
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Option(name: .long, help: ArgumentHelp("The folder to write index.html into (created if missing).", valueName: "DIR"))
    var out: String

    func run() throws {
        let context = try WorkflowContext(workspace)
        let answers = try mapErrors { try context.store.publishedAnswers() }
        let page = AnswerBoardHTML(organization: context.organization, generatedOn: todayInJapan().iso).render(answers)
        let folder = URL(fileURLWithPath: out)
        let file = folder.appendingPathComponent("index.html")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(page.utf8).write(to: file, options: .atomic)
        } catch {
            throw Failure("\(file.path) cannot be written; check the folder and its permissions.", .noInput)
        }
        printOut("\(file.path): \(answers.count)件の公開回答\n")
    }
}
