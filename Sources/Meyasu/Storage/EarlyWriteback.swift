import Foundation
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Writes a large transaction's pages to disk while the transaction is still running, so that the
/// commit has little left to wait for.
///
/// A nightly import writes hundreds of megabytes into the WAL before it commits; with
/// `synchronous = NORMAL` SQLite syncs the WAL only at the checkpoint that follows the commit, and
/// then the database file, each sync waiting for everything written since. This thread syncs both
/// files every `interval` from the start, so the disk works while the CPUs do. Durability is
/// SQLite's as before: its own syncs still come at the same points; these only come earlier and
/// more often (frames of an uncommitted transaction on disk are ignored after a crash, as always).
// `stopped` and `running` are read and written only while `condition` is locked; the file
// descriptors belong to the thread. That makes the class safe to share with it.
final class EarlyWriteback: @unchecked Sendable {
    private let paths: [String]
    private let interval: TimeInterval
    private let condition = NSCondition()
    private var stopped = false
    private var running = false

    /// - Parameters:
    ///   - paths: the files to sync (those that do not exist yet are tried again later).
    ///   - interval: the time between two rounds of syncs. The checkpoint after a large commit
    ///     copies the WAL into the database file in about 0.15–0.4 s, and SQLite then syncs that
    ///     file: syncing every 0.03 s rather than every 0.2 s leaves it less to wait for (the
    ///     importing thread's two syncs took about 0.12 s instead of 0.22 s; Benchmarks/README.md).
    init(paths: [String], interval: TimeInterval = 0.03) {
        self.paths = paths
        self.interval = interval
    }

    /// Starts syncing on a thread of its own.
    func start() {
        running = true
        let thread = Thread { [self] in run() }
        thread.name = "meyasu.store.writeback"
        thread.start()
    }

    /// Stops the thread and waits until it has closed its files.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        while running { condition.wait() }
        condition.unlock()
    }

    /// Writes the file's data to disk (its metadata too where there is no `fdatasync`).
    private static func sync(_ descriptor: Int32) -> Int32 {
        #if canImport(Glibc)
        fdatasync(descriptor)
        #else
        fsync(descriptor)
        #endif
    }

    private func run() {
        var descriptors = [Int32](repeating: -1, count: paths.count)
        while true {
            condition.lock()
            if !stopped { _ = condition.wait(until: Date(timeIntervalSinceNow: interval)) }
            let stop = stopped
            condition.unlock()
            if stop { break }
            for (index, path) in paths.enumerated() {
                if descriptors[index] < 0 { descriptors[index] = open(path, O_RDONLY | O_CLOEXEC) }
                if descriptors[index] >= 0 { _ = Self.sync(descriptors[index]) }
            }
        }
        for descriptor in descriptors where descriptor >= 0 { close(descriptor) }
        condition.lock()
        running = false
        condition.broadcast()
        condition.unlock()
    }
}
