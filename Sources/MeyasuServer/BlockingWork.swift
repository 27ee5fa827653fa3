import Foundation

/// Work that can block its thread for long: a database write, which waits for the write lock
/// while an import holds it (for the whole file, up to `portal.busy_timeout_seconds`); a bcrypt
/// hash (about a quarter of a second); an uploaded export's import.
///
/// Each runs on a thread of its own. On the connection's event loop it would hold up every other
/// connection of that loop (the portal has one loop a core) until it ended; on Swift's shared
/// executor (about a thread a core) a few such waits would stall every task. Starting a thread
/// and getting its result back took 0.08–0.3 ms on the project's machine, little next to a
/// bcrypt hash or a write's transaction, and only writes, sign-ins and uploads pay it.
enum BlockingWork {
    /// Runs `body` on a new thread and returns what it returns, or throws what it throws.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }
}
