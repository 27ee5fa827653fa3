import ArgumentParser
import Foundation
import Logging
import Meyasu

struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Bring the search index and the similar-proposal links up to date with the stored proposals.",
        discussion: "Needed only after `meyasu import proposals --defer-index` or an import stopped during its catch-up, and even then optional: every command that reads the index catches up first. Adds the proposals not yet indexed, 32,768 per transaction (--chunk); safe to stop and run again at any time. Exit 0: up to date; 74: the database is unusable; 75: the database is busy."
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Option(name: .long, help: ArgumentHelp("Proposals per transaction (default 32768): smaller holds the write lock for less time at a time, while the portal is busy.", valueName: "N"))
    var chunk = MeyasuStore.derivedDataChunk

    func validate() throws {
        if chunk < 1 { throw ValidationError("--chunk must be 1 or more.") }
    }

    func run() throws {
        let store = try mapErrors { try workspace.open().openStore() }
        let (report, seconds) = try timed {
            try mapErrors { try store.refreshDerivedData(chunk: chunk, logger: Logger(label: "meyasu.index")) }
        }
        if report.proposals == 0 {
            printOut("search index: up to date (nothing new to add).\n")
        } else {
            printOut("search index: \(report.proposals) proposals added and linked in \(String(format: "%.2f", seconds)) s; up to date through proposal \(report.through).\n")
        }
    }
}

/// `body`'s result and the seconds it took (rounded to the millisecond).
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let clock = ContinuousClock()
    let started = clock.now
    let result = try body()
    let elapsed = clock.now - started
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return (result, (seconds * 1000).rounded() / 1000)
}
