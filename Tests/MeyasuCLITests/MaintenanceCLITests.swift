import Foundation
import MeyasuSamples
import Testing

@Suite("meyasu backup, restore and doctor", .serialized)
struct MaintenanceCLITests {
    @Test("backup then restore brings the database back; doctor passes before and after; exit codes for bad input")
    func backupRestoreDoctor() throws {
        let scratch = try Scratch.workspace()
        let numbered = try #require(SampleFiles.proposalExports.first { $0.lastPathComponent.contains("numbered") })
        #expect(try CLI.run(["import", "proposals", numbered.path], in: scratch.url).status == 0)
        let doctor = try CLI.run(["doctor", "--format", "json"], in: scratch.url)
        #expect(doctor.status == 0, "\(doctor.stdout)\(doctor.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(doctor.stdout.utf8)) as! [String: Any]
        #expect(parsed["status"] as? String == "ok")
        #expect((parsed["checks"] as! [[String: Any]]).count == 8)

        let backup = try CLI.run(["backup", "--out", "nightly.sqlite"], in: scratch.url)
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.contains("backed up 25 proposals"))
        let again = try CLI.run(["backup", "--out", "nightly.sqlite"], in: scratch.url)
        #expect(again.status == 64 && again.stderr.contains("--out nightly.sqlite already exists"))
        #expect(try CLI.run(["backup", "--out", "nightly.sqlite", "--force"], in: scratch.url).status == 0)
        #expect(try CLI.run(["backup", "--out", "no/such/folder/b.sqlite"], in: scratch.url).status == 74)

        // Something changes after the backup; the restore takes it back and keeps it aside.
        let survey = try #require(SampleFiles.surveyExports.first)
        #expect(try CLI.run(["import", "survey", survey.path], in: scratch.url).status == 0)
        let restore = try CLI.run(["restore", "nightly.sqlite"], in: scratch.url)
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(restore.stdout.contains("restored 25 proposals and 0 survey responses"))
        #expect(restore.stdout.contains("before-restore-"))
        #expect(try CLI.run(["doctor"], in: scratch.url).status == 0)

        for (arguments, status, phrase) in [
            (["restore", "missing.sqlite"], Int32(66), "missing.sqlite cannot be opened"),
            (["restore", numbered.path], 65, "is not a Meyasu database"),
            (["restore"], 64, "Missing expected argument"),
        ] {
            let result = try CLI.run(arguments, in: scratch.url)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(phrase), "\(result.stderr)")
        }
    }

    @Test("another key: the import and the restore are refused with exit 78, and doctor says which check failed")
    func keyMismatch() throws {
        let first = try Scratch.workspace()
        #expect(try CLI.run(["backup", "--out", "b.sqlite"], in: first.url).status == 0)
        let second = try Scratch.freshWorkspace()
        let backup = first.url.appendingPathComponent("b.sqlite").path
        let refused = try CLI.run(["restore", backup], in: second.url)
        #expect(refused.status == 78 && refused.stderr.contains("--force"), "\(refused.stderr)")
        #expect(try CLI.run(["restore", "--force", backup], in: second.url).status == 0)
        let numbered = try #require(SampleFiles.proposalExports.first { $0.lastPathComponent.contains("numbered") })
        let blocked = try CLI.run(["import", "proposals", numbered.path], in: second.url)
        #expect(blocked.status == 78 && blocked.stderr.contains("is not the key"), "\(blocked.stderr)")
        let doctor = try CLI.run(["doctor"], in: second.url)
        #expect(doctor.status == 78)
        #expect(doctor.stdout.contains("FAIL  key match"))
        // A damaged database: doctor exits 74.
        let database = second.url.appendingPathComponent("meyasu.sqlite")
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database.path + suffix) }
        try Data(repeating: 0x41, count: 4096).write(to: database)
        #expect(try CLI.run(["doctor"], in: second.url).status == 74)
    }

    @Test("Two imports, readers and a backup at once: every write lands, nothing is corrupted, readers never fail")
    func concurrentImports() throws {
        let scratch = try Scratch.workspace()
        let header = "回答ID,回答日時,件名,改善案"
        func export(_ name: String, _ prefix: String) -> String {
            let rows = (1...1500).map { "\(prefix)\($0),2025/06/12 14:03:27,件名\(prefix)\($0),会議室の予約が取りにくいので見直してほしい" }
            return scratch.write(name, ([header] + rows).joined(separator: "\r\n") + "\r\n")
        }
        let first = export("a.csv", "A")
        let second = export("b.csv", "B")
        let jobs: [[String]] = [
            ["import", "proposals", first], ["import", "proposals", second],
            ["proposals", "list", "--format", "json"], ["doctor", "--quick"], ["backup", "--out", "during.sqlite"],
            ["proposals", "list", "--department", "kanzai"],
        ]
        // One thread per command, all started together.
        final class Outcomes: @unchecked Sendable {
            let lock = NSLock()
            var results: [Int: CLI.Result] = [:]
        }
        let outcomes = Outcomes()
        let folder = scratch.url
        let group = DispatchGroup()
        for (index, job) in jobs.enumerated() {
            DispatchQueue.global().async(group: group) {
                let result = try? CLI.run(job, in: folder)
                outcomes.lock.lock()
                outcomes.results[index] = result
                outcomes.lock.unlock()
            }
        }
        group.wait()
        for (index, job) in jobs.enumerated() {
            let outcome = outcomes.results[index]
            let result = try #require(outcome)
            #expect(result.status == 0, "\(job): \(result.stderr)")
        }
        let doctor = try CLI.run(["doctor"], in: scratch.url)
        #expect(doctor.status == 0 && doctor.stdout.contains("3000 proposals"), "\(doctor.stdout)")
        // The backup taken in the middle is a consistent snapshot: 0, 1,500 or 3,000 proposals.
        let other = try Scratch.workspace()
        let restore = try CLI.run(["restore", "--force", scratch.url.appendingPathComponent("during.sqlite").path], in: other.url)
        #expect(restore.status == 0, "\(restore.stderr)")
        #expect(["restored 0 ", "restored 1500 ", "restored 3000 "].contains { restore.stdout.hasPrefix($0) }, "\(restore.stdout)")
    }
}
