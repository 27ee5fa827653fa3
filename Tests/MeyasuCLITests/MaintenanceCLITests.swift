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
        #expect((parsed["checks"] as! [[String: Any]]).count == 7)

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
        let second = try Scratch.workspace()
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
}
