import Foundation
import Synchronization

/// Work that can block its thread for long: a database write, which waits for the write lock
/// while an import holds it (for the whole file, up to `portal.busy_timeout_seconds`); a bcrypt
/// hash (about a quarter of a second); an uploaded export's import.
///
/// Each runs on a thread of its own. On the connection's event loop it would hold up every other
/// connection of that loop (the portal has one loop a core) until it ended; on Swift's shared
/// executor (about a thread a core) a few such waits would stall every task. Starting a thread
/// and getting its result back took 0.08–0.3 ms on the project's machine, little next to a
/// bcrypt hash or a write's transaction, and only writes, sign-ins and uploads pay it.
///
/// At most `limit` run at once: a flood of sign-ins (or of writes while an import holds the lock)
/// is answered 503 beyond that, rather than with ever more threads.
final class BlockingWork: Sendable {
    /// The portal's.
    static let shared = BlockingWork(limit: 64)

    let limit: Int
    private let running = Atomic<Int>(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// Runs `body` on a new thread and returns what it returns, or throws what it throws.
    /// - Throws: `PortalError(.overloaded)` when `limit` are running already (`body` is not run).
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        guard running.add(1, ordering: .relaxed).newValue <= limit else {
            running.subtract(1, ordering: .relaxed)
            throw PortalError(.overloaded, "ただいま混み合っています。少し待ってからもう一度お試しください。")
        }
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { [self] in
                let result = Result { try body() }
                running.subtract(1, ordering: .relaxed)
                continuation.resume(with: result)
            }
        }
    }

    /// Runs `body` on a thread of its own through the portal's `shared` limit.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await shared.run(body)
    }
}
