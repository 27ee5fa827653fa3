import ArgumentParser
import Foundation
import Meyasu
import MeyasuServer

#if canImport(Glibc)
import Glibc
#endif

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage the portal's accounts.",
        discussion: "Roles: admin (every proposal, uploads, routing corrections, accounts), hr (the survey pages), department (one department's queue; needs --department), staff (the answers board). Passwords are read from standard input: typed twice at a terminal, or the first line of a pipe. They are stored only as bcrypt hashes.",
        subcommands: [UserAddCommand.self, UserPasswdCommand.self, UserDisableCommand.self, UserEnableCommand.self, UserListCommand.self]
    )
}

extension AccountRole: ExpressibleByArgument {}

/// What the account commands open: the workspace's store and organisation.
struct AccountContext {
    let store: MeyasuStore
    let service: AccountService

    init(_ workspace: WorkspaceOptions) throws {
        let space = try mapErrors { try workspace.open() }
        let (store, organization) = try mapErrors { (try space.openStore(), try space.loadOrganization()) }
        self.store = store
        service = AccountService(store: store, organization: organization, settings: space.config.portal)
    }

    /// Runs `body`, with account errors as usage errors.
    func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try mapErrors(body)
        } catch let error as AccountError {
            throw Failure(error.message, .usage)
        }
    }
}

/// The new password: asked twice at a terminal, else the first line of standard input.
func readPassword() throws -> String {
    if isatty(STDIN_FILENO) == 1 {
        guard let first = getpass("Password: ").map({ String(cString: $0) }),
              let second = getpass("Password again: ").map({ String(cString: $0) }) else {
            throw Failure("no password was read; type it at the prompt or pipe it to standard input.", .usage)
        }
        guard first == second else { throw Failure("the two passwords differ; run the command again.", .usage) }
        return first
    }
    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
        throw Failure("no password on standard input; pipe it as the first line (e.g. from a password manager).", .usage)
    }
    return line
}

struct UserAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add an account (the password comes from standard input).")

    @OptionGroup var workspace: WorkspaceOptions

    @Argument(help: "The sign-in name: ASCII letters, digits, '.', '_' or '-'.")
    var name: String

    @Option(name: .long, help: "admin, hr, department or staff.")
    var role: AccountRole

    @Option(name: .long, help: ArgumentHelp("The department's code (organization.yaml), for role department.", valueName: "CODE"))
    var department: String?

    func run() throws {
        let context = try AccountContext(workspace)
        let password = try readPassword()
        let account = try context.run { try context.service.add(name: name, role: role, department: department, password: password) }
        printOut("added \(account.name) (\(account.role.rawValue)\(account.department.map { ", \($0)" } ?? ""))\n")
    }
}

struct UserPasswdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "passwd", abstract: "Set an account's password (from standard input) and lift a lock-out.")

    @OptionGroup var workspace: WorkspaceOptions

    @Argument(help: "The account's name.")
    var name: String

    func run() throws {
        let context = try AccountContext(workspace)
        let password = try readPassword()
        try context.run { try context.service.setPassword(name: name, password: password) }
        printOut("changed the password of \(name); its portal sessions have ended.\n")
    }
}

struct UserDisableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disable", abstract: "Disable an account: it can no longer sign in.")

    @OptionGroup var workspace: WorkspaceOptions

    @Argument(help: "The account's name.")
    var name: String

    func run() throws {
        let context = try AccountContext(workspace)
        try context.run { try context.store.setDisabled(name: name, true) }
        printOut("disabled \(name); its portal sessions have ended.\n")
    }
}

struct UserEnableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Enable a disabled account again (and lift a lock-out).")

    @OptionGroup var workspace: WorkspaceOptions

    @Argument(help: "The account's name.")
    var name: String

    func run() throws {
        let context = try AccountContext(workspace)
        try context.run { try context.store.setDisabled(name: name, false) }
        printOut("enabled \(name)\n")
    }
}

struct UserListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the accounts: name, role, department and state.")

    @OptionGroup var workspace: WorkspaceOptions

    func run() throws {
        let context = try AccountContext(workspace)
        let accounts = try context.run { try context.store.accounts() }
        let now = Date()
        var lines = ["name\trole\tdepartment\tstate"]
        for account in accounts {
            let state = account.disabled ? "disabled" : account.isLocked(at: now) ? "locked" : "active"
            lines.append("\(account.name)\t\(account.role.rawValue)\t\(account.department ?? "-")\t\(state)")
        }
        printOut(lines.joined(separator: "\n") + "\n")
    }
}
