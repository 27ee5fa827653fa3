import ArgumentParser
import Foundation
import Meyasu

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database to one file, consistently, while imports and the portal go on.",
        discussion: "The key file is not in the backup: back it up once, apart from the database (docs/operations.md)."
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Option(name: .long, help: ArgumentHelp("The backup file to write.", valueName: "FILE"))
    var out: String

    @Flag(name: .long, help: "Replace FILE if it exists.")
    var force = false

    func run() throws {
        let url = URL(fileURLWithPath: out, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL
        if !force, FileManager.default.fileExists(atPath: url.path) {
            throw Failure("--out \(out) already exists; choose another name, or add --force to replace it.", .usage)
        }
        let report = try mapErrors {
            try workspace.open().openStore().backup(to: url, replace: force)
        }
        printOut("backed up \(report.proposals) proposals and \(report.surveyResponses) survey responses to \(report.path) (\(report.bytes) bytes).\n")
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Replace the database with a backup written by `meyasu backup` (the current one is kept beside it).",
        discussion: "A backup from an older Meyasu is upgraded. One written with another key file is refused unless --force."
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Argument(help: ArgumentHelp("The backup file.", valueName: "FILE"))
    var file: String

    @Flag(name: .long, help: "Restore even if the backup was written with another key file.")
    var force = false

    func run() throws {
        let report = try mapErrors {
            let space = try workspace.open()
            let store = try space.openStore()
            let keyer = FileManager.default.fileExists(atPath: space.keyURL.path) ? try space.loadKey() : nil
            let stamp = ISO8601DateFormatter.string(from: Date(), timeZone: TimeZone(identifier: "UTC")!,
                                                    formatOptions: [.withYear, .withMonth, .withDay, .withTime, .withTimeZone])
            let previous = space.databaseURL.deletingLastPathComponent()
                .appendingPathComponent("\(space.databaseURL.lastPathComponent).before-restore-\(stamp)")
            return try store.restore(from: URL(fileURLWithPath: file), keyer: keyer, keyFileName: space.keyURL.lastPathComponent,
                                     previousCopy: previous, force: force)
        }
        var text = "restored \(report.proposals) proposals and \(report.surveyResponses) survey responses from \(URL(fileURLWithPath: file).lastPathComponent)"
        if !report.upgradedBy.isEmpty { text += "; upgraded by \(report.upgradedBy.count) migrations (\(report.upgradedBy.joined(separator: ", ")))" }
        text += ".\nthe database as it was is kept at \(report.previousCopy).\n"
        printOut(text)
    }
}

struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the workspace: schema version, integrity, key file, WAL size and the last import.",
        discussion: "Changes nothing. Exit 0 when nothing failed (warnings included), 74 when the database failed a check, 78 when the key file or configuration did."
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Flag(name: .long, help: "SQLite's quick check instead of the full integrity check (faster on a large database).")
    var quick = false

    @Option(name: .long, help: "text or json.")
    var format: TextOrJSON = .text

    func run() throws {
        let space = try mapErrors { try workspace.open() }
        let report = space.doctor(quick: quick)
        switch format {
        case .text:
            let width = report.checks.map { $0.name.count }.max() ?? 0
            var text = ""
            for check in report.checks {
                let mark = switch check.status {
                case .ok: "ok  "
                case .warning: "WARN"
                case .failure: "FAIL"
                }
                text += "\(mark)  \(check.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(check.detail)\n"
            }
            printOut(text)
        case .json:
            let checks = report.checks.map { check in
                "{\"name\":\(JSONText.quote(check.name)),\"status\":\"\(check.status.rawValue)\",\"area\":\"\(check.area.rawValue)\",\"detail\":\(JSONText.quote(check.detail))}"
            }
            printOut("{\"status\":\"\(report.worst.rawValue)\",\"checks\":[\(checks.joined(separator: ","))]}\n")
        }
        switch report.failedArea {
        case .database: throw ExitCode(ExitStatus.database.rawValue)
        case .configuration: throw ExitCode(ExitStatus.config.rawValue)
        case nil: break
        }
    }
}
