import ArgumentParser
import Foundation
import Logging
import Meyasu
import MeyasuServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the web portal: departments' queues, HR's survey pages, the admin's uploads and the answers board.",
        discussion: "Listens on 127.0.0.1:8080 unless told otherwise; put it behind the city's TLS proxy to reach it from other machines (docs/portal.md). Create the first account with `meyasu user add NAME --role admin`. Logs go to standard error, one line per request with its route pattern and status, never a query or a cell value. Stops on SIGINT or SIGTERM."
    )

    @OptionGroup var workspace: WorkspaceOptions

    @Option(name: .long, help: ArgumentHelp("The address to listen on.", valueName: "ADDRESS"))
    var host = "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp("The port to listen on (0: any free port, printed at start).", valueName: "PORT"))
    var port = 8080

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port \(port) is not a port; use 1 to 65535 (or 0 for any free port).") }
    }

    func run() async throws {
        let space = try mapErrors { try workspace.open() }
        let services = try mapErrors { try PortalServices(workspace: space) }
        if try mapErrors({ try services.store.accounts() }).isEmpty {
            Failure("warning: there are no accounts yet; create one with `meyasu user add NAME --role admin`.", .success).report()
        }
        // A deferred or interrupted catch-up is finished before the first request: otherwise the
        // first search would do it while its event loop's other connections wait.
        if let report = try mapErrors({ try services.store.catchUpDerivedData() }) {
            // On standard error: the first line of standard output names the port.
            Failure("brought the search index up to date before serving: \(report.proposals) proposals.", .success).report()
        }
        let app = Portal.application(services, host: host, port: port) { bound in
            printOut("meyasu portal listening on http://\(host):\(bound)/\n")
        }
        // Off the main actor: the command is started from `main`, and a server run there kept
        // the main thread busy with work the global executor's threads should share.
        try await Task.detached { try await app.runService() }.value
    }
}
