import Hummingbird
import NIOCore

/// Runs a request's handler on the event loop of its connection instead of Swift's global
/// executor. The portal's handlers do short synchronous work (an SQLite read, building a page);
/// on the global executor every await sent the request to the back of one shared queue, and
/// under load a few requests waited many rounds (wrk's p99 six times its p50). On its own event
/// loop a request runs from start to end in turn with that loop's other connections.
final class EventLoopTaskExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: `loop` is an EventLoop (Sendable); the class holds nothing else.
    let loop: any EventLoop

    init(_ loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}

/// Puts the rest of the chain on the connection's event loop, except for the requests that can
/// take long enough to hold up the loop's other connections: the survey pages (a summary over a
/// large year), a queue's whole CSV and uploads.
struct EventLoopMiddleware: RouterMiddleware {
    typealias Context = PortalContext
    static let slowPrefixes = ["/survey", "/api/survey", "/proposals.csv", "/admin/upload"]

    func handle(_ request: Request, context: PortalContext,
                next: (Request, PortalContext) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard let executor = context.executor, !Self.slowPrefixes.contains(where: { path.hasPrefix($0) }) else {
            return try await next(request, context)
        }
        return try await withTaskExecutorPreference(executor) {
            try await next(request, context)
        }
    }
}
