import Foundation
import HTTPTypes
import Hummingbird
import NIOPosix
import HummingbirdTesting
@testable import Meyasu
@testable import MeyasuServer
import Synchronization
import Testing

/// Issue 9, item 3: two imports and the portal at once. Each import opens its own connection to
/// the database file, as a nightly `meyasu import` in another process does, while a department
/// answers and annotates through the portal over a real connection.
@Suite("Portal and imports at once", .serialized)
struct PortalConcurrencyTests {
    @Test("Two imports and a backup while the portal reads and writes: every write lands, no corruption, the backup is one snapshot")
    func importsAndPortal() async throws {
        // A portal write waits at most 5 s for an import's lock (then 503), within the client's timeout.
        let fixture = try PortalFixture(settings: "busy_timeout_seconds: 5")
        defer { fixture.remove() }
        try fixture.assignAll(to: "jinji")
        let mine = try fixture.services.store.proposals(ProposalFilter(department: "jinji")).map(\.id)
        let space = fixture.services.workspace
        // The hand-overs above are new examples: train and keep the router's model now, as the
        // first import after them would, so that the imports below spend their time importing
        // (a debug build trains for seconds, and the whole suite shares two cores).
        _ = try space.makeRouter(store: fixture.services.store, organization: try space.loadOrganization())
        let header = "回答ID,回答日時,件名,改善案"
        let files = try ["A", "B"].map { prefix in
            let rows = (1...1500).map { "\(prefix)\($0),2025/06/12 14:03:27,件名\(prefix)\($0),会議室の予約が取りにくいので見直してほしい" }
            let url = fixture.folder.appendingPathComponent("\(prefix).csv")
            try Data((([header] + rows).joined(separator: "\r\n") + "\r\n").utf8).write(to: url)
            return url.path
        }
        nonisolated(unsafe) var attempted: [String] = []
        nonisolated(unsafe) var givenUp = 0
        final class Counter: Sendable { let value = Mutex(0) }
        let finished = Counter()
        let (written, statuses, overlapped, imports) = try await fixture.application.test(.live) {
            client -> ([String], [Int: Int], Int, [Task<FileImportReport, any Error>]) in
            var written: [String] = []
            var statuses: [Int: Int] = [:]
            var overlapped = 0
            var api = Browser(client)
            // Signing in, too, may wait past the client's 20 s when the whole suite starves the process.
            var login: TestResponse?
            for _ in 0..<5 where login == nil {
                login = try await Self.answered { try await api.postJSON("/api/login", ["name": "jinji1", "password": PortalFixture.password]) }
            }
            #expect(login?.status == .ok)
            // The imports start once the portal is serving, each through a store of its own (as
            // another process would), on threads of their own.
            // Real threads, not tasks: an import blocks its thread for seconds, and two blocked
            // threads of Swift's cooperative pool (one per core) would starve this test's client.
            let imports = files.map { file in
                Task { () throws -> FileImportReport in
                    try await withCheckedThrowingContinuation { continuation in
                        Thread {
                            continuation.resume(with: Result {
                                defer { finished.value.withLock { $0 += 1 } }
                                let store = try space.openStore()
                                let tools = try space.importTools(store: store, dryRun: false)
                                return try space.proposalImporter(tools).importFile(at: file)
                            })
                        }.start()
                    }
                }
            }
            let backupURL = fixture.folder.appendingPathComponent("during.sqlite")
            for round in 0..<40 {
                if finished.value.withLock({ $0 }) < 2 { overlapped += 1 }
                if round == 10 {
                    // The nightly backup, taken while the imports write and the portal works.
                    _ = try fixture.services.workspace.openStore().backup(to: backupURL)
                }
                let id = mine[round % mine.count]
                let note = "同時実行のメモ\(round)"
                attempted.append(note)
                // The test client gives up after 20 s. Alone this test's requests take well under
                // a second; inside the whole suite, whose debug-build tests keep both cores busy,
                // one may wait longer for a turn. A request given up on is not acknowledged (a
                // note may still land: it is only required not to be lost when acknowledged).
                if let noted = try await Self.answered({ try await api.postJSON("/api/proposals/\(id)/notes", ["text": note]) }) {
                    statuses[Int(noted.status.code), default: 0] += 1
                    if noted.status == .created { written.append(note) }
                    #expect(noted.status == .created || noted.status == .serviceUnavailable, "\(noted.text)")
                    if noted.status == .serviceUnavailable { #expect(noted.text.contains("混み合っています")) }
                } else {
                    givenUp += 1
                }
                if let page = try await Self.answered({ try await api.get("/api/proposals?page=\(round % 3 + 1)") }) {
                    statuses[Int(page.status.code), default: 0] += 1
                    #expect(page.status == .ok)
                } else {
                    givenUp += 1
                }
                if let queue = try await Self.answered({ try await api.get("/proposals?q=%E4%BC%9A%E8%AD%B0%E5%AE%A4") }) {
                    statuses[Int(queue.status.code), default: 0] += 1
                    #expect(queue.status == .ok)
                } else {
                    givenUp += 1
                }
            }
            return (written, statuses, overlapped, imports)
        }
        // Some of the portal's work happened while an import was writing.
        #expect(overlapped > 0)
        for task in imports {
            let report = try await task.value
            #expect(report.status == .imported && report.counts.imported == 1500)
        }
        // Every write the portal acknowledged is there; both files landed whole.
        var stored: [String] = []
        for id in mine { stored += try fixture.services.workflow.notes(id, as: .department("jinji")).map(\.text) }
        #expect(Set(written).isSubset(of: Set(stored)))
        #expect(Set(stored).isSubset(of: Set(attempted)) && stored.count == Set(stored).count)
        // Requests were answered (given up on: only when the whole suite starves this test).
        #expect(givenUp < 120, "\(givenUp) of 120 requests given up on")
        #expect(try fixture.services.store.proposalCount() == mine.count + 3000)
        let check = try fixture.services.store.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
        #expect(check == "ok")
        #expect(statuses[500] == nil)
        // The backup is one consistent snapshot: each import's file is wholly in it or wholly not.
        let snapshot = try MeyasuStore(path: fixture.folder.appendingPathComponent("during.sqlite").path)
        let count = try snapshot.proposalCount()
        #expect([0, 1500, 3000].contains(count - mine.count), "\(count)")
        #expect(try snapshot.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
    }

    /// The response, or nil when the test client gave up waiting for it (its 20 s read timeout).
    static func answered(_ request: () async throws -> TestResponse) async throws -> TestResponse? {
        do {
            return try await request()
        } catch where "\(error)".contains("readTimeout") {
            return nil
        }
    }

    /// Holds `store`'s write lock on a thread of its own, as an import in another process does,
    /// from when this returns until `release` is signalled or `limit` seconds have passed; then
    /// calls `released`.
    static func holdWriteLock(_ store: MeyasuStore, until release: DispatchSemaphore, limit: Int = 60,
                              released: @escaping @Sendable () -> Void = {}) {
        let started = DispatchSemaphore(value: 0)
        Thread {
            try? store.transaction { _ in
                started.signal()
                _ = release.wait(timeout: .now() + .seconds(limit))
                released()
            }
        }.start()
        started.wait()
    }

    @Test("While a write waits for an import's lock, its event loop serves the next request")
    func waitingWriteLeavesTheLoop() async throws {
        let fixture = try PortalFixture(settings: "busy_timeout_seconds: 20")
        defer { fixture.remove() }
        try fixture.assignAll(to: "jinji")
        let id = try fixture.proposal(in: "jinji")
        // One event loop, as on a one-core server: a request that blocked it would hold up all others.
        let loops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let application = Application(router: Portal.router(fixture.services), eventLoopGroupProvider: .shared(loops))
        let holder = try fixture.services.workspace.openStore()
        let release = DispatchSemaphore(value: 0)
        let released = Atomic(false)
        try await application.test(.live) { client in
            var browser = Browser(client)
            try await browser.signIn("jinji1")
            try await browser.get("/proposals/\(id)")
            // An import holds the write lock until the sign-in page below has been served, or 15 s.
            Self.holdWriteLock(holder, until: release, limit: 15) { released.store(true, ordering: .sequentiallyConsistent) }
            let writer = browser
            let noted = Task {
                var writer = writer
                return try await writer.post("/proposals/\(id)/notes", [("text", "ロック待ちのメモ")])
            }
            // Time for the note to reach the database and wait for the lock there.
            try await Task.sleep(for: .seconds(1))
            let other = TestClient(host: "localhost", port: try #require(client.port), eventLoopGroupProvider: .createNew)
            other.connect()
            let page = try await other.get("/login")
            let servedWhileLocked = !released.load(ordering: .sequentiallyConsistent)
            release.signal()
            try await other.shutdown()
            #expect(page.head.status == .ok)
            #expect(servedWhileLocked, "the sign-in page waited for the write that waited for the lock")
            // The note is written once the lock is free.
            #expect(try await noted.value.status == .seeOther)
        }
        try await loops.shutdownGracefully()
        #expect(try fixture.services.workflow.notes(id, as: .department("jinji")).map(\.text) == ["ロック待ちのメモ"])
    }

    @Test("While a sign-in's password is checked, its event loop serves the next request")
    func signInLeavesTheLoop() async throws {
        let fixture = try PortalFixture()
        defer { fixture.remove() }
        // The city's bcrypt cost (the fixture's is 4, for speed): in a debug build a check takes
        // seconds, long enough that the page below does not come after it by chance.
        let services = try PortalServices(workspace: fixture.services.workspace, logger: fixture.logs.logger)
        try services.accounts.add(name: "slow1", role: .staff, department: nil, password: PortalFixture.password)
        let loops = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let application = Application(router: Portal.router(services), eventLoopGroupProvider: .shared(loops))
        final class Flag: Sendable { let value = Atomic(false) }
        let signedIn = Flag()
        try await application.test(.live) { client in
            var browser = Browser(client)
            try await browser.get("/login")
            let signer = browser
            let signing = Task {
                var signer = signer
                defer { signedIn.value.store(true, ordering: .sequentiallyConsistent) }
                return try await signer.post("/login", [("name", "slow1"), ("password", PortalFixture.password)])
            }
            // Time for the sign-in to reach bcrypt.
            try await Task.sleep(for: .milliseconds(200))
            let other = TestClient(host: "localhost", port: try #require(client.port), eventLoopGroupProvider: .createNew)
            other.connect()
            let page = try await other.get("/login")
            let servedMeanwhile = !signedIn.value.load(ordering: .sequentiallyConsistent)
            try await other.shutdown()
            #expect(page.head.status == .ok)
            #expect(servedMeanwhile, "the sign-in page waited for another sign-in's bcrypt")
            #expect(try await signing.value.status == .seeOther)
        }
        try await loops.shutdownGracefully()
    }

    @Test("Beyond its limit, long work is refused with 503 and a sentence instead of another thread; then it runs again")
    func blockingWorkLimit() async throws {
        let work = BlockingWork(limit: 2)
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let held = (1...2).map { value in
            Task { try await work.run { started.signal(); release.wait(); return value } }
        }
        started.wait()
        started.wait()
        do {
            _ = try await work.run { 3 }
            Issue.record("a third piece of work ran while two held the limit")
        } catch let error as PortalError {
            #expect(ErrorMapping.status(error) == .serviceUnavailable)
            #expect(ErrorMapping.message(error) == "ただいま混み合っています。少し待ってからもう一度お試しください。")
        }
        release.signal()
        release.signal()
        #expect(try await held[0].value + held[1].value == 3)
        #expect(try await work.run { 4 } == 4)
    }

    @Test("A portal write that waits longer than busy_timeout_seconds gets 503 and a sentence, and changes nothing")
    func busyIsClear() async throws {
        let fixture = try PortalFixture(settings: "busy_timeout_seconds: 0.2")
        defer { fixture.remove() }
        try fixture.assignAll(to: "jinji")
        let id = try fixture.proposal(in: "jinji")
        let release = DispatchSemaphore(value: 0)
        Self.holdWriteLock(try fixture.services.workspace.openStore(), until: release)
        defer { release.signal() }
        try await fixture.application.test(.router) { client in
            var browser = Browser(client)
            try await browser.signIn("jinji1")
            try await browser.get("/proposals/\(id)")
            let refused = try await browser.post("/proposals/\(id)/notes", [("text", "待たされたメモ")])
            #expect(refused.status == .serviceUnavailable)
            #expect(refused.text.contains("混み合っています"))
            // Reading still works while the lock is held (WAL).
            #expect(try await browser.get("/proposals").status == .ok)
        }
        release.signal()
        #expect(try fixture.services.workflow.notes(id, as: .department("jinji")).isEmpty)
    }
}
