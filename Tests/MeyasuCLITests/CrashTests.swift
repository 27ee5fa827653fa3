import Foundation
import GRDB
import Meyasu
import Testing

/// DESIGN promise 3: a kill -9 at any moment leaves a consistent database with the file either
/// wholly in or wholly out, and a re-run imports exactly what is missing.
@Suite("Import survives kill -9", .serialized)
struct CrashTests {
    @Test("Killed mid-import: integrity ok, the file all-or-nothing, a re-run completes it", arguments: [0.15, 0.4, 0.9])
    func killMidImport(after delay: Double) throws {
        let scratch = try Scratch.workspace()
        let rows = 6_000
        var text = "回答ID,回答日時,件名,現状と課題,改善案\r\n"
        let body = String(repeating: "窓口の待ち時間が長く、申請書の記入に時間がかかっている。", count: 8)
        for index in 1...rows {
            text += "K\(index),2025/06/12 09:00:00,提案\(index),\"\(body)\n二行目\",\(body)\r\n"
        }
        let file = scratch.write("big.csv", text)

        let process = Process()
        process.executableURL = CLI.binaryInBuildFolder()
        process.arguments = ["import", "proposals", file]
        process.currentDirectoryURL = scratch.url
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        Thread.sleep(forTimeInterval: delay)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let path = scratch.url.appendingPathComponent("meyasu.sqlite").path
        let queue = try DatabaseQueue(path: path)
        let (integrity, proposals, batches) = try queue.read { db in
            (try String.fetchOne(db, sql: "PRAGMA integrity_check"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM proposal") ?? -1,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM import_batch") ?? -1)
        }
        try queue.close()
        #expect(integrity == "ok")
        #expect(proposals == 0 || proposals == rows, "half a file: \(proposals)")
        #expect(batches == (proposals == 0 ? 0 : 1))
        if delay < 0.2 {
            // Far too early for a 6,000-row import to have committed: this run was cut mid-way.
            #expect(proposals == 0)
        }

        let rerun = try CLI.run(["import", "proposals", file, "--format", "json"], in: scratch.url)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(rerun.stdout.utf8)) as! [String: Any]
        let counts = (report["files"] as! [[String: Any]])[0]["counts"] as! [String: Int]
        #expect(counts["imported"]! + counts["already_present"]! == rows)
        #expect(counts["imported"] == rows - proposals)
    }
}
