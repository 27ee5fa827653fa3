// meyasu-bench: times the workflow's two interactive queries on a real workspace database, in
// process (a CLI run would time process start-up instead), against named baselines in the same
// run. Used by Benchmarks/workflow_queries.sh; quote only release-build figures.
//
//     meyasu-bench DATABASE [RUNS]
//
// (`meyasu-bench route …` times routing instead: RouteBench.swift.)
//
// 1. a department's queue page of 50 (`MeyasuStore.proposals` with a department, a page),
//    against the plain SQL of the same page without the answer join (baseline: raw SQL);
// 2. a 3-character search, first page of 50, newest first (`--search`: the trigram index),
//    against a LIKE scan of the key forms (baseline: no index).
import Foundation
import GRDB
import Meyasu

@main
struct WorkflowBench {
    static func main() {
        do {
            let arguments = CommandLine.arguments
            if arguments.count >= 2, arguments[1] == "route" {
                try RouteBench.run(arguments.dropFirst(2))
            } else {
                try workflow(arguments)
            }
        } catch {
            // The library's errors are sentences (a missing workspace, an unusable database).
            FileHandle.standardError.write(Data("meyasu-bench: \(error)\n".utf8))
            exit(66)
        }
    }

    static func workflow(_ arguments: [String]) throws {
        guard arguments.count >= 2 else {
            FileHandle.standardError.write(Data("usage: meyasu-bench DATABASE [RUNS] | meyasu-bench route WORKSPACE_DIR [PASSES]\n".utf8))
            exit(64)
        }
        let runs = arguments.count > 2 ? max(10, Int(arguments[2]) ?? 500) : 500
        let store = try MeyasuStore(path: arguments[1])

        // Departments by size, and 3-character words drawn from stored titles (a fixed sample).
        let departments = try store.read { db in
            try String.fetchAll(db, sql: "SELECT department FROM proposal GROUP BY department ORDER BY COUNT(*) DESC")
        }
        let titles = try store.read { db in
            try String.fetchAll(db, sql: "SELECT title_key FROM proposal WHERE id % 997 = 0 ORDER BY id")
        }
        var words: [String] = []
        for (index, title) in titles.enumerated() {
            let scalars = Array(title.unicodeScalars)
            guard scalars.count >= 3 else { continue }
            let start = (index * 7) % (scalars.count - 2)
            var word = String.UnicodeScalarView()
            word.append(contentsOf: scalars[start..<(start + 3)])
            words.append(String(word))
        }
        guard !departments.isEmpty, !words.isEmpty else {
            FileHandle.standardError.write(Data("meyasu-bench: the database holds no proposals.\n".utf8))
            exit(65)
        }
        let total = try store.proposalCount()

        print("proposals: \(total), departments: \(departments.count), runs per query: \(runs), search words: \(words.count) (3 characters, from stored titles)")

        // Queue pages: department by turns, pages 1–4.
        report("queue page of 50 (meyasu)", try time(runs) { run in
            try store.proposals(ProposalFilter(department: departments[run % departments.count], limit: 50, offset: 50 * (run % 4))).count
        })
        report("queue page of 50 (baseline: raw SQL)", try time(runs) { run in
            try store.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT id, submitted_on, department, status, title, choices, has_attachment FROM proposal
                    WHERE department = ? ORDER BY submitted_on DESC, id DESC LIMIT 50 OFFSET ?
                    """, arguments: [departments[run % departments.count], 50 * (run % 4)]).count
            }
        })
        report("3-character search, first 50 (meyasu)", try time(runs) { run in
            try store.proposals(ProposalFilter(limit: 50, words: [words[run % words.count]])).count
        })
        report("3-character search, first 50 (baseline: LIKE)", try time(runs) { run in
            let pattern = "%" + words[run % words.count] + "%"
            return try store.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT id, submitted_on, department, status, title FROM proposal
                    WHERE title_key LIKE ?1 OR body_key LIKE ?1 ORDER BY submitted_on DESC, id DESC LIMIT 50
                    """, arguments: [pattern]).count
            }
        })
        report("3-character search in one queue (meyasu)", try time(runs) { run in
            try store.proposals(ProposalFilter(department: departments[run % departments.count], limit: 50,
                                               words: [words[run % words.count]])).count
        })
    }

    /// Times `body` `runs` times after 10 warm-up calls; returns the sorted durations in ms.
    static func time(_ runs: Int, _ body: (Int) throws -> Int) rethrows -> (ms: [Double], rows: Int) {
        var rows = 0
        for run in 0..<10 { rows &+= try body(run) }
        var durations: [Double] = []
        durations.reserveCapacity(runs)
        rows = 0
        for run in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            rows += try body(run)
            durations.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
        }
        return (durations.sorted(), rows / runs)
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
    }

    static func report(_ name: String, _ result: (ms: [Double], rows: Int)) {
        func ms(_ value: Double) -> String { String(format: "%7.2f ms", value) }
        print(name.padding(toLength: 46, withPad: " ", startingAt: 0)
              + "p50 \(ms(percentile(result.ms, 0.50)))   p99 \(ms(percentile(result.ms, 0.99)))   max \(ms(result.ms.last ?? 0))   rows/query \(result.rows)")
    }
}
