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
    /// The connection's event loop as a task executor (`EventLoopMiddleware`).
    let executor: EventLoopTaskExecutor?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        executor = PortalContext.executors.executor(for: source.channel.eventLoop)
    }

    /// Forms arrive URL-encoded; the API takes JSON.
    public var requestDecoder: PortalRequestDecoder { PortalRequestDecoder() }

    /// The signed-in account, if any.
    public var account: Account? { session?.account }

    /// The upload page takes exports up to the configured limit; everything else is small.
    public var maxUploadSize: Int { 2048 * 1024 * 1024 }
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

/// Decodes a request body as a URL-encoded form or as JSON, by its content type.
public struct PortalRequestDecoder: RequestDecoder {
    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        if request.headers[.contentType]?.hasPrefix("application/x-www-form-urlencoded") == true {
            return try await URLEncodedFormDecoder().decode(type, from: request, context: context)
        }
        return try await JSONDecoder().decode(type, from: request, context: context)
    }
}
