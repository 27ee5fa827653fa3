import ArgumentParser
import Foundation
import Meyasu

struct ProposalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proposals",
        abstract: "Work with stored proposals.",
        subcommands: [ProposalsListCommand.self, ProposalsShowCommand.self, ProposalsAssignCommand.self]
    )
}

extension OutputFormat: ExpressibleByArgument {}

struct ProposalsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List proposals, newest first: a table, CSV for Excel (UTF-8 with BOM) or JSON."
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Option(name: .long, help: ArgumentHelp("Only this department's queue (a code from organization.yaml).", valueName: "CODE"))
    var department: String?

    @Option(name: .long, help: ArgumentHelp("Only proposals in this status (e.g. 受付).", valueName: "S"))
    var status: String?

    @Option(name: .long, help: "table, csv or json.")
    var format: OutputFormat = .table

    @Option(name: .long, help: ArgumentHelp("At most this many (default: all).", valueName: "N"))
    var limit: Int?

    func validate() throws {
        if let limit, limit < 1 { throw ValidationError("--limit must be 1 or more.") }
    }

    func run() throws {
        let space = try mapErrors { try workspace.open() }
        let organization = try mapErrors { try space.loadOrganization() }
        if let department, organization.department(department) == nil {
            throw Failure("--department \(department) is not a department code in \(space.config.organization); use one of: \(organization.departments.map(\.code).joined(separator: ", ")).", .usage)
        }
        let store = try mapErrors { try space.openStore() }
        let proposals = try mapErrors {
            try store.proposals(ProposalFilter(department: department, status: status, limit: limit))
        }
        printOut(ProposalListRenderer(organization: organization).render(proposals, as: format))
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

    enum DetailFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() throws {
        let space = try mapErrors { try workspace.open() }
        let organization = try mapErrors { try space.loadOrganization() }
        let store = try mapErrors { try space.openStore() }
        guard let detail = try mapErrors({ try store.proposal(id: id) }) else {
            throw Failure("there is no proposal \(id); list them with `meyasu proposals list`.", .usage)
        }
        let renderer = ProposalDetailRenderer(organization: organization)
        printOut(format == .json ? renderer.json(detail) : renderer.text(detail))
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

    @Option(name: .long, help: ArgumentHelp("Who hands it on: admin (default) or a department code.", valueName: "WHO"))
    var actor = "admin"

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("--reason must say why the proposal moves.")
        }
    }

    func run() throws {
        let space = try mapErrors { try workspace.open() }
        let (organization, staff) = try mapErrors { (try space.loadOrganization(), try space.loadRoster()) }
        guard let target = organization.department(department) else {
            throw Failure("--department \(department) is not a department code in \(space.config.organization); use one of: \(organization.departments.map(\.code).joined(separator: ", ")).", .usage)
        }
        if actor != "admin", organization.department(actor) == nil {
            throw Failure("--actor \(actor) is neither admin nor a department code in \(space.config.organization).", .usage)
        }
        let store = try mapErrors { try space.openStore() }
        let reasonText = PIIScrubber(roster: staff).scrub(TextNormalizer().display(reason)).text
        let from = try mapErrors { try store.assign(proposal: id, to: target.code, reason: reasonText, actor: actor) }
        let source = organization.department(from)?.section ?? from
        printOut("提案 \(id): \(source) (\(from)) → \(target.section) (\(target.code)). The router will learn from it.\n")
    }
}
