import Foundation
import Hummingbird
import Meyasu
import NIOCore
import Synchronization

/// Each request's context: who is signed in (from the session cookie or the trusted proxy
/// header) and the peer's address.
public struct PortalContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection's peer (nil in router tests).
    public let remoteAddress: SocketAddress?
    /// The session the request belongs to, signed in or not (set by `SessionMiddleware`).
    public var session: PortalSession?
    /// A multipart body's parts, parsed by `CSRFMiddleware` (the upload form).
    var multipart: MultipartUpload?
    /// The connection's event loop as a task executor (`EventLoopMiddleware`).
    let executor: EventLoopTaskExecutor?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        executor = PortalContext.executors.executor(for: source.channel.eventLoop)
    }

    /// The signed-in account, if any.
    public var account: Account? { session?.account }
}

extension PortalContext {
    /// One executor per event loop, made once.
    static let executors = EventLoopExecutors()
}

/// The task executors of the event loops, by loop.
final class EventLoopExecutors: Sendable {
    private let executors = Mutex<[ObjectIdentifier: EventLoopTaskExecutor]>([:])

    func executor(for loop: any EventLoop) -> EventLoopTaskExecutor {
        executors.withLock { executors in
            let key = ObjectIdentifier(loop)
            if let executor = executors[key] { return executor }
            let executor = EventLoopTaskExecutor(loop)
            executors[key] = executor
            return executor
        }
    }
}

