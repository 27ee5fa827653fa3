// meyasu-bench route: routing throughput, in process, on one thread, over the proposals stored
// in a workspace (their key forms and hints, as the import hands them to the router), against
// named baselines in the same run. Used by Benchmarks/route_throughput.sh; quote only
// release-build figures.
//
//     meyasu-bench route WORKSPACE_DIR [PASSES]
//
// 1. the router as the import uses it (the workspace's kept model, keywords and hints);
// 2. baseline: the router's rules alone (keywords, duties and hints: no learned model);
// 3. baseline: the Text stage's key form of the same title and body (TextNormalizer.key), the
//    work every imported row pays before it is routed.
import Foundation
import GRDB
import Meyasu

enum RouteBench {
    static func run(_ arguments: ArraySlice<String>) throws {
        guard let directory = arguments.first else {
            FileHandle.standardError.write(Data("usage: meyasu-bench route WORKSPACE_DIR [PASSES]\n".utf8))
            exit(64)
        }
        let passes = arguments.count > 1 ? max(1, Int(arguments[arguments.startIndex + 1]) ?? 3) : 3
        let workspace = try Workspace(configURL: URL(fileURLWithPath: directory).appendingPathComponent(Workspace.configFileName))
        let store = try workspace.openStore()
        let organization = try workspace.loadOrganization()
        let started = DispatchTime.now().uptimeNanoseconds
        let router = try workspace.makeRouter(store: store, organization: organization)
        let load = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        let rules = try workspace.makeRouter(store: store, organization: organization, learned: false)
        let inputs = try store.read { db in
            try Row.fetchAll(db, sql: "SELECT title_key, body_key, routing_hint_key FROM proposal ORDER BY id").map {
                RoutingInput(title: $0[0], body: $0[1], hint: $0[2])
            }
        }
        guard !inputs.isEmpty else {
            FileHandle.standardError.write(Data("meyasu-bench: the database holds no proposals.\n".utf8))
            exit(65)
        }
        let characters = inputs.reduce(0) { $0 + $1.title.unicodeScalars.count + $1.body.unicodeScalars.count }
        print("proposals: \(inputs.count), characters per proposal: \(characters / inputs.count), passes: \(passes) (best reported), one thread")
        print("router ready (kept model read or trained): \(String(format: "%.1f", load)) ms")

        var scratch = ProposalRouter.Scratch()
        let routed = best(passes) {
            var sum = 0.0
            for input in inputs { sum += router.route(input, scratch: &scratch).confidence }
            return sum
        }
        let rulesOnly = best(passes) {
            var sum = 0.0
            for input in inputs { sum += rules.route(input, scratch: &scratch).confidence }
            return sum
        }
        let normalizer = TextNormalizer()
        let keyForms = best(passes) {
            var sum = 0.0
            for input in inputs { sum += Double(normalizer.key(input.title).utf8.count + normalizer.key(input.body).utf8.count) }
            return sum
        }
        func line(_ name: String, _ seconds: Double) {
            let perSecond = Double(inputs.count) / seconds
            print(name.padding(toLength: 44, withPad: " ", startingAt: 0)
                  + String(format: "%9.0f proposals/s %8.1f µs each %7.2fx the router", perSecond, seconds / Double(inputs.count) * 1e6, seconds / routed))
        }
        line("router (meyasu, as the import routes)", routed)
        line("baseline: rules alone (no learned model)", rulesOnly)
        line("baseline: key forms of title and body", keyForms)
    }

    /// The fastest of `passes` runs of `body`, in seconds, after one warm-up run.
    static func best(_ passes: Int, _ body: () -> Double) -> Double {
        var checksum = body()
        var fastest = Double.infinity
        for _ in 0..<passes {
            let start = DispatchTime.now().uptimeNanoseconds
            checksum += body()
            fastest = min(fastest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        if checksum.isNaN { print("(checksum NaN)") }
        return fastest
    }
}
