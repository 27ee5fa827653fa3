import Foundation

/// A router that is built (its model trained from the stored examples) on a thread of its own,
/// so that the import opens and starts reading the file meanwhile; the Text stage waits for it
/// when its first rows arrive. Building takes about 0.1 s, during which one core was otherwise idle.
// `result` is read and written only while `condition` is locked, which makes the class safe to
// share between the building thread and the Text stage's workers.
public final class PendingRouter: @unchecked Sendable {
    private let condition = NSCondition()
    private var result: Result<ProposalRouter, any Error>?

    /// Starts building with `build` on a new thread.
    public init(_ build: @escaping @Sendable () throws -> ProposalRouter) {
        let thread = Thread { [self] in
            let built = Result { try build() }
            condition.lock()
            result = built
            condition.broadcast()
            condition.unlock()
        }
        thread.name = "meyasu.import.router"
        thread.start()
    }

    /// A router that is already built.
    public init(ready router: ProposalRouter) {
        result = .success(router)
    }

    /// The router, once built.
    /// - Throws: what building it threw (e.g. a `StoreError` reading the examples).
    public func get() throws -> ProposalRouter {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return try result!.get()
    }
}
