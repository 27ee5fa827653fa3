import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `meyasu user add|passwd|disable|enable|list` and `meyasu serve`, run as an admin would.
@Suite("meyasu user and serve", .serialized)
struct PortalCLITests {
    @Test("user add/list/passwd/disable/enable: passwords from a pipe, sentences and exit 64 for bad input")
    func accounts() throws {
        let scratch = try Scratch.workspace()
        let good = scratch.write("good.txt", "correct horse battery\n", bom: false)
        let short = scratch.write("short.txt", "tiny-pw\n", bom: false)
        let empty = scratch.write("empty.txt", "", bom: false)
        let added = try CLI.run(["user", "add", "kanri", "--role", "admin"], in: scratch.url, stdin: good)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == "added kanri (admin)\n")
        #expect(try CLI.run(["user", "add", "jinji-1", "--role", "department", "--department", "jinji"], in: scratch.url, stdin: good).status == 0)
        for (arguments, input, phrase) in [
            (["user", "add", "x1", "--role", "staff"], short, "at least 10 characters"),
            (["user", "add", "x2", "--role", "staff"], empty, "no password on standard input"),
            (["user", "add", "x3", "--role", "department"], good, "needs --department"),
            (["user", "add", "x4", "--role", "department", "--department", "nowhere"], good, "--department nowhere is not a department code"),
            (["user", "add", "x5", "--role", "hr", "--department", "jinji"], good, "only department accounts have a department"),
            (["user", "add", "KANRI", "--role", "staff"], good, "already an account named KANRI"),
            (["user", "add", "山田", "--role", "staff"], good, "ASCII letters"),
            (["user", "passwd", "nobody"], good, "there is no account named nobody"),
            (["user", "disable", "nobody"], good, "there is no account named nobody"),
        ] as [([String], String, String)] {
            let result = try CLI.run(arguments, in: scratch.url, stdin: input)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.hasPrefix("meyasu: ") && result.stderr.contains(phrase), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("correct horse") && !result.stderr.contains("tiny-pw"), "\(arguments)")
        }
        let bad = try CLI.run(["user", "add", "x6", "--role", "boss"], in: scratch.url, stdin: good)
        #expect(bad.status == 64)
        #expect(try CLI.run(["user", "passwd", "jinji-1"], in: scratch.url, stdin: good).status == 0)
        #expect(try CLI.run(["user", "disable", "jinji-1"], in: scratch.url).status == 0)
        let list = try CLI.run(["user", "list"], in: scratch.url)
        #expect(list.stdout == "name\trole\tdepartment\tstate\njinji-1\tdepartment\tjinji\tdisabled\nkanri\tadmin\t-\tactive\n")
        #expect(try CLI.run(["user", "enable", "jinji-1"], in: scratch.url).status == 0)
        #expect(try CLI.run(["user", "list"], in: scratch.url).stdout.contains("jinji-1\tdepartment\tjinji\tactive"))
        // Only the bcrypt hash is stored.
        let database = try Data(contentsOf: scratch.url.appendingPathComponent("meyasu.sqlite"))
        #expect(database.range(of: Data("correct horse battery".utf8)) == nil)
        #expect(database.range(of: Data("$2b$12$".utf8)) != nil || database.range(of: Data("$2a$12$".utf8)) != nil
                || database.range(of: Data("$2y$12$".utf8)) != nil)
    }

    @Test("serve refuses a port that is not one, and serves the sign-in page on a free port")
    func serve() throws {
        let scratch = try Scratch.workspace()
        // An import that left the search index behind: serve brings it up to date first.
        let export = scratch.write("p.csv", "回答ID,回答日時,件名,改善案\r\nS1,2025/06/12 14:03:27,会議室の予約,予約を電子化してほしい\r\n")
        #expect(try CLI.run(["import", "proposals", export, "--defer-index"], in: scratch.url).status == 0)
        let badPort = try CLI.run(["serve", "--port", "70000"], in: scratch.url)
        #expect(badPort.status == 64)
        #expect(badPort.stderr.contains("--port 70000 is not a port"))
        let noConfig = try CLI.run(["serve", "--config", "/nonexistent/meyasu.yaml"], in: scratch.url)
        #expect(noConfig.status == 78)

        let process = Process()
        process.executableURL = CLI.binaryInBuildFolder()
        process.arguments = ["serve", "--port", "0"]
        process.currentDirectoryURL = scratch.url
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "MEYASU_CONFIG")
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }
        // The first line names the port it listens on.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let text = String(decoding: line, as: UTF8.self)
        let port = try #require(text.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) }, "\(text)")
        #expect(text.hasPrefix("meyasu portal listening on http://127.0.0.1:"))
        let (status, body) = try Self.get("http://127.0.0.1:\(port)/login")
        #expect(status == 200)
        #expect(body.contains("<h1>目安箱 ポータル</h1>"))
        #expect(try Self.get("http://127.0.0.1:\(port)/api/proposals").0 == 401)
        // serve caught up before it listened: nothing is left for `meyasu index`.
        #expect(try CLI.run(["index"], in: scratch.url).stdout == "search index: up to date (nothing new to add).\n")
    }

    static func get(_ address: String) throws -> (Int, String) {
        let semaphore = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: (Int, String) = (0, "")
        let task = URLSession.shared.dataTask(with: URL(string: address)!) { data, response, _ in
            result = ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data ?? Data(), as: UTF8.self))
            semaphore.signal()
        }
        task.resume()
        _ = semaphore.wait(timeout: .now() + 30)
        return result
    }
}
