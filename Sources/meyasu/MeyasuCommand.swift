import ArgumentParser
import Foundation
import Logging
import Meyasu

@main
struct MeyasuCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meyasu",
        abstract: "目安箱: anonymous improvement proposals and staff surveys from LoGo Form exports.",
        discussion: "Exit codes: 0 success; 3 imported, some rows reported; 64 usage error; 65 a file rejected whole; 66 a file cannot be opened; 74 database unusable; 75 database busy; 78 configuration error.",
        version: "0.1.0",
        subcommands: [InitCommand.self, ImportCommand.self, IndexCommand.self, ProposalsCommand.self, PublishCommand.self, RouteCommand.self, SurveyCommand.self, FiguresCommand.self, NormalizeCommand.self, ScrubCommand.self, BackupCommand.self, RestoreCommand.self, DoctorCommand.self, DemoCommand.self, ServeCommand.self, UserCommand.self]
    )

    static func main() async {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            let level = ProcessInfo.processInfo.environment["MEYASU_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
            // The portal logs one line per request (route pattern and status) by default.
            handler.logLevel = level ?? (CommandLine.arguments.dropFirst().first == "serve" ? .info : .warning)
            return handler
        }
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let failure as Failure {
            failure.report()
            Foundation.exit(failure.exitCode.rawValue)
        } catch let error as ConfigError {
            Failure(error).report()
            Foundation.exit(ExitStatus.config.rawValue)
        } catch let error as StoreError {
            let failure = Failure(error)
            failure.report()
            Foundation.exit(failure.exitCode.rawValue)
        } catch {
            exit(withError: error)
        }
    }
}

/// Options every command that works on a workspace takes.
struct WorkspaceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The workspace's meyasu.yaml (default: $MEYASU_CONFIG, else ./meyasu.yaml).", valueName: "FILE"))
    var config: String?

    var configURL: URL {
        Workspace.locate(explicit: config, environment: ProcessInfo.processInfo.environment,
                         directory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
    }

    func open() throws -> Workspace {
        try Workspace(configURL: configURL)
    }
}
