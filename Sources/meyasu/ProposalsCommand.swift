import ArgumentParser
import Foundation
import Meyasu

struct ProposalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proposals",
        abstract: "Work with stored proposals.",
        subcommands: [ProposalsListCommand.self, ProposalsShowCommand.self, ProposalsAssignCommand.self,
                      ProposalsAnswerCommand.self, ProposalsNoteCommand.self, ProposalsHistoryCommand.self,
                      ProposalsStaleCommand.self]
    )
}

extension OutputFormat: ExpressibleByArgument {}

struct ProposalsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List proposals, newest first: a table, CSV for Excel (UTF-8 with BOM) or JSON.",
        discussion: "Filters combine: --department, --status, --search (every word must occur; Japanese substrings), --from/--to (submission dates)."
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Option(name: .long, help: ArgumentHelp("Only this department's queue (a code from organization.yaml).", valueName: "CODE"))
    var department: String?

    @Option(name: .long, help: ArgumentHelp("Only proposals in this status (e.g. 受付).", valueName: "S"))
    var status: String?

    @Option(name: .long, help: ArgumentHelp("Only proposals whose title or texts hold every word (separated by spaces).", valueName: "WORDS"))
    var search: String?

    @Option(name: .long, help: ArgumentHelp("Only proposals submitted on or after this day.", valueName: "YYYY-MM-DD"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("Only proposals submitted on or before this day.", valueName: "YYYY-MM-DD"))
    var to: String?

    @Option(name: .long, help: "table, csv or json.")
    var format: OutputFormat = .table

    @Option(name: .long, help: ArgumentHelp("At most this many (default: all; 50 with --page).", valueName: "N"))
    var limit: Int?

    @Option(name: .long, help: ArgumentHelp("The Nth page of --limit proposals (from 1).", valueName: "N"))
    var page: Int?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more.") }
        if let page, page < 1 { throw ValidationError("--page must be 1 or more.") }
    }

    func run() throws {
        let context = try WorkflowContext(workspace)
        try context.checkDepartment(department, option: "--department")
        try context.checkStatus(status)
        let first = try parseDay(from, option: "--from")
        let last = try parseDay(to, option: "--to")
        if let first, let last, last < first {
            throw Failure("--to \(last.iso) is before --from \(first.iso); give the earlier day to --from.", .usage)
        }
        let pageSize = limit ?? (page == nil ? nil : 50)
        let filter = ProposalFilter(department: department, status: status, limit: pageSize,
                                    offset: ((page ?? 1) - 1) * (pageSize ?? 0),
                                    words: search.map { ProposalSearch.words($0) } ?? [], from: first?.iso, through: last?.iso)
        let proposals = try mapErrors { try context.store.proposals(filter) }
        printOut(ProposalListRenderer(organization: context.organization).render(proposals, as: format))
    }
}

struct ProposalsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one proposal: every field in its display form, labelled as on the form."
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Argument(help: "The proposal's ID (from `meyasu proposals list`).")
    var id: Int64

    @Option(name: .long, help: "text or json.")
    var format: DetailFormat = .text

    @Option(name: [.customLong("as")], help: ArgumentHelp("Read as this department (or admin): adds its private notes and the draft answer of its own proposals.", valueName: "WHO"))
    var actor: String?

    enum DetailFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() throws {
        let context = try WorkflowContext(workspace)
        let reader = try actor.map { try context.actor($0) }
        guard let detail = try mapErrors({ try context.store.proposal(id: id) }) else {
            throw Failure("there is no proposal \(id); list them with `meyasu proposals list`.", .usage)
        }
        let notes = try reader.map { reader in try mapErrors { try context.workflow.notes(id, as: reader) } }
        let showDrafts = reader?.mayWork(on: detail.summary.department) ?? false
        let renderer = ProposalDetailRenderer(organization: context.organization)
        printOut(format == .json ? renderer.json(detail, notes: notes, showDrafts: showDrafts)
                                 : renderer.text(detail, notes: notes, showDrafts: showDrafts))
    }
}

struct ProposalsAssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign",
        abstract: "Hand a proposal on to the department that owns it; the history keeps the move and the router learns from it."
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Argument(help: "The proposal's ID (from `meyasu proposals list`).")
    var id: Int64

    @Option(name: .long, help: ArgumentHelp("The department that owns it (a code from organization.yaml).", valueName: "CODE"))
    var department: String

    @Option(name: .long, help: ArgumentHelp("Why it moves (kept in the history, scrubbed of names and numbers).", valueName: "TEXT"))
    var reason: String

    @Option(name: [.customLong("as"), .customLong("actor")],
            help: ArgumentHelp("Who hands it on: admin (default) or the department it is assigned to (--actor is the older name).", valueName: "WHO"))
    var actor = "admin"

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--reason must say why the proposal moves.")
        }
    }

    func run() throws {
        let context = try WorkflowContext(workspace)
        let who = try context.actor(actor)
        let from = try mapErrors { try context.workflow.assign(id, to: department, reason: reason, as: who) }
        let organization = context.organization
        let source = organization.department(from)?.section ?? from
        let target = organization.department(department)?.section ?? department
        printOut("提案 \(id): \(source) (\(from)) → \(target) (\(department)). The router will learn from it.\n")
    }
}
