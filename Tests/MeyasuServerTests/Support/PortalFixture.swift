import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
@testable import Meyasu
@testable import MeyasuServer
import MeyasuSamples
import Synchronization
import Testing

/// A clock the tests move by hand (lock-outs, session expiry).
final class TestClock: Sendable {
    private let date = Mutex(Date(timeIntervalSince1970: 1_780_000_000))
    func now() -> Date { date.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { date.withLock { $0 += seconds } }
}

/// Every log line the portal writes during a test, with its metadata.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    func append(_ line: String) { lines.withLock { $0.append(line) } }

    var logger: Logger {
        var logger = Logger(label: "meyasu.portal", factory: { _ in CaptureHandler(capture: self) })
        logger.logLevel = .trace
        return logger
    }

    struct CaptureHandler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String,
                 file: String, function: String, line: UInt) {
            let all = self.metadata.merging(metadata ?? [:]) { $1 }
            capture.append("\(level) \(message) " + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        }
    }
}

/// A workspace with the sample organisation, some proposals and the survey years imported, and
/// one account per role (bcrypt cost 4: the tests sign in often).
struct PortalFixture {
    static let password = "correct horse battery"
    static let header = "回答ID,回答日時,氏名（任意）,件名,改善案,関係する所属（わかれば）"

    let folder: URL
    let services: PortalServices
    let clock: TestClock
    let logs: LogCapture

    /// - Parameters:
    ///   - rows: proposal rows under `header` (ids, dates, name, title, body, hint).
    ///   - samples: also import the shipped sample proposals.
    ///   - survey: also import the two sample survey years.
    ///   - settings: YAML appended to meyasu.yaml (e.g. a `portal:` section).
    init(rows: [String] = PortalFixture.defaultRows, samples: Bool = false, survey: Bool = false, settings: String = "") throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("meyasu-portal-test-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: try Self.template.get(), to: folder)
        let config = folder.appendingPathComponent("meyasu.yaml")
        if !settings.isEmpty {
            // A top-level key given here replaces the starter's.
            let keys = settings.split(separator: "\n").filter { !$0.hasPrefix(" ") }.compactMap { $0.split(separator: ":").first }
            let starter = try String(contentsOf: config, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                .filter { line in !keys.contains { line.hasPrefix($0 + ":") } }
            try Data((starter.joined(separator: "\n") + "\n" + settings + "\n").utf8).write(to: config)
        }
        let space = try Workspace(configURL: config)
        let tools = try space.importTools(dryRun: false)
        let file = folder.appendingPathComponent("fixture.csv")
        try Data((([Self.header] + rows).joined(separator: "\r\n") + "\r\n").utf8).write(to: file)
        _ = try space.proposalImporter(tools).importFile(at: file.path)
        if samples {
            _ = try space.proposalImporter(tools).importFile(at: SampleFiles.proposalExports.first { $0.lastPathComponent == "proposals-utf8bom.csv" }!.path)
        }
        if survey {
            for name in ["survey-fy2023.csv", "survey-fy2024.csv"] {
                _ = try space.surveyImporter(tools).importFile(at: SampleFiles.directory.appendingPathComponent("exports/\(name)").path)
            }
        }
        let clock = TestClock()
        let logs = LogCapture()
        self.clock = clock
        self.logs = logs
        services = try PortalServices(workspace: space, bcryptCost: 4, clock: { clock.now() }, logger: logs.logger)
        for (name, role, department) in [("admin1", AccountRole.admin, nil), ("hr1", .hr, nil), ("staff1", .staff, nil),
                                         ("jinji1", .department, "jinji"), ("shimin1", .department, "shimin")] as [(String, AccountRole, String?)] {
            try services.accounts.add(name: name, role: role, department: department, password: Self.password)
        }
    }

    /// The files of one `Workspace.initialize`, made once per test process and copied into each
    /// fixture (its key too): in a debug build it takes seconds (it reads and scrubs the shipped
    /// examples). Removed when the process ends.
    private static let template: Result<URL, any Error> = Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("meyasu-portal-template-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        PortalFixture.templateFolder.withLock { $0 = folder }
        atexit { PortalFixture.templateFolder.withLock { folder in folder.map { try? FileManager.default.removeItem(at: $0) } } }
        _ = try Workspace.initialize(at: folder.appendingPathComponent("meyasu.yaml"), starter: SampleFiles.directory)
        return folder
    }
    private static let templateFolder = Mutex<URL?>(nil)

    /// Two proposals that route plainly to 人事課 (jinji) and 市民課 (shimin).
    static let defaultRows = [
        "R1,2025/06/12 14:03:27,,研修報告書の提出を簡略化してほしい,階層別研修の研修報告書と資格取得助成の申請を簡単にしてほしい,人事課",
        "R2,2025/06/13 09:10:00,,住民票の写しの窓口の待ち時間,市民課の窓口で住民票の写しや戸籍の証明書の交付を待つ時間が長い,市民課",
    ]

    var application: some ApplicationProtocol {
        Application(router: Portal.router(services))
    }

    /// The id of the first proposal now assigned to `department`.
    func proposal(in department: String) throws -> Int64 {
        try #require(try services.store.proposals(ProposalFilter(department: department, limit: 1)).first?.id)
    }

    /// Puts every proposal in `department`'s queue (whatever the router decided), as the admin.
    func assignAll(to department: String) throws {
        for summary in try services.store.proposals(ProposalFilter()) where summary.department != department {
            try services.workflow.assign(summary.id, to: department, reason: "テストの準備", as: .admin)
        }
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }
}

/// A browser for the router tests: keeps the session cookie and the page's CSRF token.
struct Browser {
    let client: any TestClientProtocol
    var cookie: String?
    var csrf: String?

    init(_ client: any TestClientProtocol) {
        self.client = client
    }

    @discardableResult
    mutating func get(_ uri: String, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        if let cookie { headers[.cookie] = "\(SessionMiddleware.cookieName)=\(cookie)" }
        let response = try await client.execute(uri: uri, method: .get, headers: headers, body: nil)
        remember(response)
        return response
    }

    /// Posts a URL-encoded form; `csrf: false` leaves the token out.
    @discardableResult
    mutating func post(_ uri: String, _ fields: [(String, String)] = [], csrf: Bool = true) async throws -> TestResponse {
        var all = fields
        if csrf, let token = self.csrf { all.append(("_csrf", token)) }
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { headers[.cookie] = "\(SessionMiddleware.cookieName)=\(cookie)" }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    /// Posts JSON to the API, with the CSRF header unless `csrf` is false.
    @discardableResult
    mutating func postJSON(_ uri: String, _ object: [String: Any], csrf: Bool = true) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let cookie { headers[.cookie] = "\(SessionMiddleware.cookieName)=\(cookie)" }
        if csrf, let token = self.csrf { headers[HTTPField.Name("X-CSRF-Token")!] = token }
        let data = try JSONSerialization.data(withJSONObject: object)
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: data))
        remember(response)
        return response
    }

    /// Posts a multipart form (the upload page).
    @discardableResult
    mutating func upload(_ uri: String, fields: [(String, String)], file: (name: String, bytes: [UInt8])?) async throws -> TestResponse {
        let boundary = "----meyasu-test-boundary"
        var body = ByteBuffer()
        var all = fields
        if let token = csrf { all.append(("_csrf", token)) }
        for (name, value) in all {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        if let file {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\nContent-Type: text/csv\r\n\r\n")
            body.writeBytes(file.bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]
        if let cookie { headers[.cookie] = "\(SessionMiddleware.cookieName)=\(cookie)" }
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: body)
        remember(response)
        return response
    }

    /// Opens the sign-in page and signs in; returns the response to the form.
    @discardableResult
    mutating func signIn(_ name: String, password: String = PortalFixture.password) async throws -> TestResponse {
        try await get("/login")
        let response = try await post("/login", [("name", name), ("password", password)])
        if response.status == .seeOther { try await get(response.headers[.location] ?? "/") }
        return response
    }

    private mutating func remember(_ response: TestResponse) {
        for value in response.headers[values: .setCookie] where value.hasPrefix(SessionMiddleware.cookieName + "=") {
            let cookieValue = value.dropFirst(SessionMiddleware.cookieName.count + 1).prefix { $0 != ";" }
            cookie = cookieValue.isEmpty ? nil : String(cookieValue)
        }
        let text = String(buffer: response.body)
        if let range = text.range(of: "name=\"_csrf\" value=\"") {
            csrf = String(text[range.upperBound...].prefix { $0 != "\"" })
        } else if let range = text.range(of: "\"csrf_token\":\"") {
            csrf = String(text[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}
