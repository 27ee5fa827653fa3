import Foundation
import Meyasu
import MeyasuSamples
import Synchronization
import Testing

/// Runs the built `meyasu` executable as a user would.
struct CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var stdoutBytes: Data
    }

    static var binary: URL {
        // The test bundle sits in the same build folder as the executable.
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("meyasu")
    }

    static func binaryInBuildFolder() -> URL {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("meyasu")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return binary
    }

    @discardableResult
    static func run(_ arguments: [String], in directory: URL, environment: [String: String] = [:],
                    stdin: String? = nil) throws -> Result {
        let process = Process()
        if let stdin { process.standardInput = FileHandle(forReadingAtPath: stdin) }
        process.executableURL = binaryInBuildFolder()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "MEYASU_CONFIG")
        env["MEYASU_LOG_LEVEL"] = "info"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self), stdoutBytes: outData)
    }
}

final class Scratch {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("meyasu-cli-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ name: String, _ text: String, bom: Bool = true) -> String {
        let path = url.appendingPathComponent(name).path
        FileManager.default.createFile(atPath: path, contents: Data(((bom ? "\u{FEFF}" : "") + text).utf8))
        return path
    }

    /// A workspace as `meyasu init` makes it: a copy of the files of one `meyasu init` run once per
    /// test process (its key too). A debug `meyasu init` takes seconds (it reads and scrubs the
    /// shipped examples); most tests only need its result. A test about `init` itself, or one that
    /// needs a workspace with a key of its own, takes `freshWorkspace()`.
    static func workspace() throws -> Scratch {
        let template = try template.get()
        let scratch = Scratch()
        for name in try FileManager.default.contentsOfDirectory(atPath: template.path) {
            try FileManager.default.copyItem(at: template.appendingPathComponent(name), to: scratch.url.appendingPathComponent(name))
        }
        return scratch
    }

    /// A workspace made by its own `meyasu init`, with its own key.
    static func freshWorkspace() throws -> Scratch {
        let scratch = Scratch()
        let result = try CLI.run(["init"], in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        return scratch
    }

    /// The folder of the one `meyasu init` that `workspace()` copies; removed when the process ends.
    private static let template: Result<URL, any Error> = Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("meyasu-cli-template-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        Scratch.templateFolder.withLock { $0 = folder }
        atexit { Scratch.templateFolder.withLock { folder in folder.map { try? FileManager.default.removeItem(at: $0) } } }
        let result = try CLI.run(["init"], in: folder)
        guard result.status == 0 else { throw TemplateError(stderr: result.stderr) }
        return folder
    }
    private static let templateFolder = Mutex<URL?>(nil)

    struct TemplateError: Error, CustomStringConvertible {
        let stderr: String
        var description: String { "meyasu init failed: \(stderr)" }
    }
}

private let header = "回答ID,回答日時,氏名（任意）,件名,改善案"

@Suite("meyasu CLI", .serialized)
struct CLITests {
    @Test("init creates a workspace; a second init refuses and changes nothing")
    func initTwice() throws {
        let scratch = try Scratch.freshWorkspace()
        let again = try CLI.run(["init"], in: scratch.url)
        #expect(again.status == 78)
        #expect(again.stderr.hasPrefix("meyasu: "))
        #expect(again.stderr.contains("already"))
    }

    @Test("Importing the samples twice adds nothing the second time")
    func samplesTwice() throws {
        let scratch = try Scratch.workspace()
        let files = SampleFiles.proposalExports.map(\.path)
        #expect(!files.isEmpty)
        let first = try CLI.run(["import", "proposals"] + files + ["--format", "json"], in: scratch.url)
        #expect(first.status == 0, "\(first.stderr)")
        let second = try CLI.run(["import", "proposals"] + files + ["--format", "json"], in: scratch.url)
        #expect(second.status == 0)
        let parsed = try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as! [String: Any]
        let reports = parsed["files"] as! [[String: Any]]
        for report in reports {
            let counts = report["counts"] as! [String: Int]
            #expect(counts["imported"] == 0)
            #expect(counts["already_present"] == counts["rows_read"])
        }
    }

    @Test("Exit codes: 0 success, 3 rows reported, 65 rejected, 66 missing file, 64 usage, 78 no workspace")
    func exitCodes() throws {
        let scratch = try Scratch.workspace()
        let good = scratch.write("good.csv", "\(header)\r\nA1,2025/06/12 14:03:27,,件名,改善案\r\n")
        let bad = scratch.write("bad.csv", "\(header)\r\nB1,2025/02/30 14:03:27,,件名,改善案\r\nB2,2025/06/12 14:03:27,,件名,改善案\r\n")
        let rejected = scratch.write("rejected.csv", "回答ID,件名\r\n1,x\r\n")
        #expect(try CLI.run(["import", "proposals", good], in: scratch.url).status == 0)
        let withBadRow = try CLI.run(["import", "proposals", bad], in: scratch.url)
        #expect(withBadRow.status == 3)
        #expect(withBadRow.stdout.contains("bad.csv line 2, column 回答日時: not a real date"))
        let whole = try CLI.run(["import", "proposals", rejected], in: scratch.url)
        #expect(whole.status == 65)
        #expect(whole.stderr.contains("rejected.csv lacks the required columns 回答日時, 改善案"))
        #expect(try CLI.run(["import", "proposals", "nope.csv"], in: scratch.url).status == 66)
        #expect(try CLI.run(["import", "proposals", good, "--format", "xml"], in: scratch.url).status == 64)
        #expect(try CLI.run(["import", "proposals", good, "--encoding", "latin9"], in: scratch.url).status == 64)
        #expect(try CLI.run(["proposals", "list", "--department", "nowhere"], in: scratch.url).status == 64)
        let elsewhere = Scratch()
        let noWorkspace = try CLI.run(["proposals", "list"], in: elsewhere.url)
        #expect(noWorkspace.status == 78)
        #expect(noWorkspace.stderr.contains("meyasu init"))
        // Several files: the most serious outcome decides.
        #expect(try CLI.run(["import", "proposals", good, bad, rejected], in: scratch.url).status == 65)
    }

    @Test("--dry-run stores nothing")
    func dryRun() throws {
        let scratch = try Scratch.workspace()
        let good = scratch.write("good.csv", "\(header)\r\nA1,2025/06/12 14:03:27,,件名,改善案\r\n")
        let result = try CLI.run(["import", "proposals", good, "--dry-run"], in: scratch.url)
        #expect(result.status == 0)
        #expect(result.stdout.contains("dry run"))
        #expect(try CLI.run(["proposals", "list", "--format", "json"], in: scratch.url).stdout == "[]\n")
    }

    @Test("--config and MEYASU_CONFIG point at a workspace elsewhere")
    func configElsewhere() throws {
        let scratch = try Scratch.workspace()
        let good = scratch.write("good.csv", "\(header)\r\nA1,2025/06/12 14:03:27,,件名,改善案\r\n")
        let elsewhere = Scratch()
        let config = scratch.url.appendingPathComponent("meyasu.yaml").path
        #expect(try CLI.run(["import", "proposals", good, "--config", config], in: elsewhere.url).status == 0)
        let listed = try CLI.run(["proposals", "list", "--format", "json"], in: elsewhere.url, environment: ["MEYASU_CONFIG": config])
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("\"title\":\"件名\""))
    }

    @Test("proposals list: JSON with the documented fields, CSV for Excel, filters and --limit")
    func listFormats() throws {
        let scratch = try Scratch.workspace()
        let rows = (1...12).map { "L\($0),2025/06/\(10 + $0) 09:00:00,,件名\($0),改善案" }
        let file = scratch.write("list.csv", ([header] + rows).joined(separator: "\r\n") + "\r\n")
        #expect(try CLI.run(["import", "proposals", file], in: scratch.url).status == 0)

        let json = try CLI.run(["proposals", "list", "--format", "json"], in: scratch.url)
        let items = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [[String: Any]]
        #expect(items.count == 12)
        for key in ["id", "title", "department", "status", "submitted_on"] { #expect(items[0][key] != nil, "\(key)") }
        #expect(items[0]["title"] as? String == "件名12")
        // Routing places each proposal (these have little to go on); the filters follow it.
        let department = try #require(items[0]["department"] as? String)
        let inDepartment = items.filter { $0["department"] as? String == department }.count
        #expect(items[0]["status"] as? String == "受付")
        #expect(items[0]["submitted_on"] as? String == "2025-06-22")

        let limited = try CLI.run(["proposals", "list", "--format", "json", "--limit", "5"], in: scratch.url)
        #expect((try JSONSerialization.jsonObject(with: Data(limited.stdout.utf8)) as! [Any]).count == 5)

        let csv = try CLI.run(["proposals", "list", "--format", "csv", "--department", department, "--status", "受付"], in: scratch.url)
        #expect(csv.stdoutBytes.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(csv.stdout.contains("\"ID\",\"受付日\",\"所属コード\",\"所属\",\"状態\",\"件名\""))
        #expect(csv.stdout.components(separatedBy: "\r\n").count == inDepartment + 2)  // header + rows + the empty end

        let used = Set(items.compactMap { $0["department"] as? String })
        let unused = try #require(["jinji", "kosei", "gyokan", "bunsho", "dx", "joho", "zaisei", "keiyaku", "kanzai", "kaikei",
                                   "jinken", "koho", "shimin", "doboku"].first { !used.contains($0) })
        let empty = try CLI.run(["proposals", "list", "--department", unused, "--format", "json"], in: scratch.url)
        #expect(empty.stdout == "[]\n")

        let table = try CLI.run(["proposals", "list"], in: scratch.url)
        #expect(table.stdout.contains("(12件)"))
    }

    @Test("proposals show prints the display form; an unknown ID is a usage error")
    func show() throws {
        let scratch = try Scratch.workspace()
        let file = scratch.write("s.csv", "\(header)\r\nS1,2025/06/12 14:03:27,,ＰＣの更新,\"９時～１７時に\n実施\"\r\n")
        #expect(try CLI.run(["import", "proposals", file], in: scratch.url).status == 0)
        let text = try CLI.run(["proposals", "show", "1"], in: scratch.url)
        #expect(text.status == 0)
        #expect(text.stdout.contains("提案 1  PCの更新"))
        #expect(text.stdout.contains("【改善案】\n9時〜17時に\n実施"))
        let json = try CLI.run(["proposals", "show", "1", "--format", "json"], in: scratch.url)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as! [String: Any]
        #expect(object["title"] as? String == "PCの更新")
        let missing = try CLI.run(["proposals", "show", "99"], in: scratch.url)
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("no proposal 99"))
    }

    @Test("normalize: one output line per input line, display or key")
    func normalize() throws {
        let scratch = Scratch()
        let input = scratch.write("in.txt", "０２５８－３９－２２２２\r\n９時～１７時　の　会議\n\nﾊﾟｿｺﾝ", bom: false)
        let result = try CLI.run(["normalize", "--mode", "key"], in: scratch.url, stdin: input)
        #expect(result.status == 0)
        #expect(result.stdout == "0258-39-2222\n9時〜17時の会議\n\nパソコン\n")
        #expect(try CLI.run(["normalize", "--mode", "shout"], in: scratch.url).status == 64)
    }

    @Test("scrub redacts identifiers line by line and counts them on stderr")
    func scrub() throws {
        let scratch = Scratch()
        let input = scratch.write("in.txt", "内線1234の件\r\nmail: taro@example.jp\n予算は1,234,567円", bom: false)
        let result = try CLI.run(["scrub"], in: scratch.url, stdin: input)
        let errors = result.stderr
        #expect(result.status == 0)
        #expect(result.stdout == "内線〔電話番号〕の件\nmail: 〔メール〕\n予算は1,234,567円\n")
        #expect(errors.contains("2 redacted"))
        let noRoster = try CLI.run(["scrub", "--roster", "missing.csv"], in: scratch.url, stdin: input)
        #expect(noRoster.status == 78)
        #expect(noRoster.stderr.contains("missing.csv"))
        #expect(!errors.contains("taro"))
    }

    @Test("A second import while one holds the database waits, then exits 75 with a sentence")
    func busyDatabase() throws {
        let scratch = try Scratch.workspace()
        let config = scratch.url.appendingPathComponent("meyasu.yaml")
        var yaml = try String(contentsOf: config, encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "busy_timeout_seconds: 30", with: "busy_timeout_seconds: 0.3")
        try yaml.write(to: config, atomically: true, encoding: .utf8)
        let good = scratch.write("good.csv", "\(header)\r\nA1,2025/06/12 14:03:27,,件名,改善案\r\n")
        let store = try MeyasuStore(path: scratch.url.appendingPathComponent("meyasu.sqlite").path)
        try store.transaction { db in
            try db.execute(sql: "UPDATE proposal SET status = status")
            let result = try CLI.run(["import", "proposals", good], in: scratch.url)
            #expect(result.status == 75)
            #expect(result.stderr.contains("busy"))
        }
        #expect(try CLI.run(["import", "proposals", good], in: scratch.url).status == 0)
    }

    @Test("Identifier columns and 回答IDs never appear on stdout, stderr or in any file of the workspace")
    func noIdentifiersInOutput() throws {
        let scratch = try Scratch.workspace()
        let planted = ["RID-5d8e0c", "鈴木 花子", "RID-77aa01"]
        let file = scratch.write("p.csv", "\(header)\r\nRID-5d8e0c,2025/06/12 14:03:27,鈴木 花子,件名,改善案\r\nRID-77aa01,不明,鈴木 花子,件名,改善案\r\n")
        var outputs: [String] = []
        for arguments in [["import", "proposals", file], ["import", "proposals", file, "--format", "json"],
                          ["proposals", "list"], ["proposals", "list", "--format", "csv"], ["proposals", "list", "--format", "json"]] {
            let result = try CLI.run(arguments, in: scratch.url)
            outputs += [result.stdout, result.stderr]
        }
        try FileManager.default.removeItem(atPath: file)
        let enumerator = FileManager.default.enumerator(at: scratch.url, includingPropertiesForKeys: nil)!
        for case let url as URL in enumerator {
            if let data = FileManager.default.contents(atPath: url.path) { outputs.append(String(decoding: data, as: UTF8.self)) }
        }
        for text in outputs {
            for value in planted { #expect(!text.contains(value)) }
        }
    }

    @Test("The bad-input corpus puts no cell value on stdout, stderr or in a trace-level log")
    func badInputCorpusLeaksNothing() throws {
        let scratch = try Scratch.workspace()
        let secret = "SECRET-CELL-4f2a"
        let files = [
            scratch.write("date.csv", "\(header)\r\nA1,\(secret),,件名,改善案\r\n"),
            scratch.write("cells.csv", "\(header)\r\nA2,2025/06/12 14:03:27,\(secret),件名,改善案,\(secret)\r\n"),
            scratch.write("quote.csv", "\(header)\r\nA3,2025/06/12 14:03:27,,x\"\(secret),改善案\r\n"),
            scratch.write("open.csv", "\(header)\r\nA4,2025/06/12 14:03:27,,\"\(secret),改善案\r\n"),
            scratch.write("nul.csv", "\(header)\r\nA5,2025/06/12 14:03:27,,\(secret)\u{0},改善案\r\n"),
            scratch.write("header.csv", "回答ID,\(secret),件名\r\nA6,x,y\r\n"),
            scratch.write("id.csv", "\(header)\r\n,2025/06/12 14:03:27,\(secret),件名,改善案\r\n"),
            scratch.write("dup.csv", "\(header)\r\nA7,2025/06/12 14:03:27,,件名,改善案\r\nA7,2025/06/12 14:03:27,,\(secret),改善案\r\n"),
        ]
        for format in ["text", "json"] {
            let result = try CLI.run(["import", "proposals", "--format", format] + files, in: scratch.url,
                                     environment: ["MEYASU_LOG_LEVEL": "trace"])
            #expect(result.status == 65)
            #expect(!result.stdout.contains(secret))
            #expect(!result.stderr.contains(secret))
        }
    }

    @Test("demo imports the samples, prints every department's queue and the survey's indicator table")
    func demo() throws {
        let scratch = Scratch()
        let result = try CLI.run(["demo"], in: scratch.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("imported as batch"))
        for code in ["jinji", "kosei", "gyokan", "bunsho", "dx", "joho", "zaisei", "keiyaku", "kanzai", "kaikei",
                     "jinken", "koho", "shimin", "doboku"] {
            #expect(result.stdout.contains("\n\(code)  "), "\(code)")
        }
        #expect(result.stdout.contains("== meyasu survey summary --year 2024"))
        let q1 = try #require(result.stdout.components(separatedBy: "\n").first { $0.contains("効率的な仕事の進め方（Q1）") })
        #expect(q1.contains("52.2%") && q1.contains("60.6%"))
    }
}
