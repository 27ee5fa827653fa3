import ArgumentParser
import Foundation
import Meyasu
import MeyasuSamples

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter workspace: meyasu.yaml, forms/, organization.yaml, indicators.yaml, the database and the key file."
    )

    @OptionGroup var workspace: WorkspaceOptions

    func run() throws {
        let configURL = workspace.configURL
        let created = try mapErrors { try Workspace.initialize(at: configURL, starter: SampleFiles.directory) }
        printOut("""
            Created a Meyasu workspace in \(created.root.path):
              \(created.configURL.lastPathComponent)        settings
              \(created.config.forms)/              form profiles (業務改善提案フォーム, 職員アンケート)
              \(created.config.organization)   the 14 departments
              \(created.config.indicators)     the programme's indicators, targets and history
              \(created.config.database)      the database
              \(created.config.keyFile)         the response key (mode 0600): back it up apart from the database
            Next: meyasu import proposals EXPORT.csv, meyasu import survey SURVEY.csv

            """)
    }
}
