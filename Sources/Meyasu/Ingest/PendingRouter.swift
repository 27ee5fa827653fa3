import Foundation

/// A router whose building (reading the kept model or training one from the stored examples, 0.05
/// to 0.5 s) waits until the import has started reading: the importer builds it on its own thread
/// right after starting the reading thread, so that the reading runs meanwhile on the other core,
/// and starts the Text stage once it is built.
// `state` is read and written only while `condition` is locked, which makes the class safe to
// share between the importing thread and the Text stage's workers.
public final class PendingRouter: @unchecked Sendable {
    private enum State {
        case waiting(@Sendable () throws -> ProposalRouter)
        case building
        case built(Result<ProposalRouter, any Error>)
    }

    private let condition = NSCondition()
    private var state: State

    /// How to make it again after `release()`; nil for a router given ready.
    private let make: (@Sendable () throws -> ProposalRouter)?

    /// A router that `build` will make when it is first needed.
    public init(_ build: @escaping @Sendable () throws -> ProposalRouter) {
        state = .waiting(build)
        make = build
    }

    /// A router that is already built.
    public init(ready router: ProposalRouter) {
        state = .built(.success(router))
        make = nil
    }

    /// Builds the router on the calling thread, unless it is built or being built already.
    public func build() {
        condition.lock()
        guard case .waiting(let make) = state else {
            condition.unlock()
            return
        }
        state = .building
        condition.unlock()
        let result = Result { try make() }
        condition.lock()
        state = .built(result)
        condition.broadcast()
        condition.unlock()
    }

    /// Drops a built router (its model is tens of megabytes) when the files are imported and what
    /// follows needs the memory; a later `get()` makes it again.
    public func release() {
        condition.lock()
        defer { condition.unlock() }
        if case .built = state, let make { state = .waiting(make) }
    }

    /// The router: built here if nobody has started it, else once it is built.
    /// - Throws: what building it threw (e.g. a `StoreError` reading the examples).
    public func get() throws -> ProposalRouter {
        build()
        condition.lock()
        defer { condition.unlock() }
        while true {
            if case .built(let result) = state { return try result.get() }
            condition.wait()
        }
    }
}
