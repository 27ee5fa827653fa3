import Foundation
import Meyasu
import Synchronization

/// One browser's session: its CSRF token and, once signed in, its account.
public struct PortalSession: Sendable {
    /// The cookie's value: 256 random bits, hex.
    public let id: String
    /// The token every form and API write must carry (`_csrf`, or the `X-CSRF-Token` header).
    public let csrfToken: String
    public var account: Account?
    var lastSeen: Date
}

/// The sessions of the running portal, in memory: a restart signs everyone out.
///
/// A lookup is a dictionary access under a `Mutex`, cheap next to the page it serves.
public final class SessionStore: Sendable {
    private let sessions = Mutex<[String: PortalSession]>([:])
    /// Idle time after which a signed-in session ends.
    let lifetime: TimeInterval
    /// Idle time after which a session that never signed in ends.
    let anonymousLifetime: TimeInterval = 30 * 60
    /// At most this many sessions; the oldest anonymous ones go first.
    let capacity = 50_000

    public init(lifetime: TimeInterval) {
        self.lifetime = lifetime
    }

    /// A new session, not signed in.
    public func create(account: Account? = nil, at date: Date = Date()) -> PortalSession {
        let session = PortalSession(id: Self.randomToken(), csrfToken: Self.randomToken(), account: account, lastSeen: date)
        sessions.withLock { sessions in
            if sessions.count >= capacity { Self.prune(&sessions, at: date, lifetime: lifetime, anonymous: anonymousLifetime, force: true) }
            sessions[session.id] = session
        }
        return session
    }

    /// The live session `id`, touched; nil when it is unknown or has expired.
    public func session(_ id: String, at date: Date = Date()) -> PortalSession? {
        sessions.withLock { sessions in
            guard var session = sessions[id] else { return nil }
            let limit = session.account == nil ? anonymousLifetime : lifetime
            if date.timeIntervalSince(session.lastSeen) > limit {
                sessions[id] = nil
                return nil
            }
            // Touch at most once a minute: most requests then only read.
            if date.timeIntervalSince(session.lastSeen) > 60 {
                session.lastSeen = date
                sessions[id] = session
            }
            return session
        }
    }

    /// Ends session `id`.
    public func destroy(_ id: String) {
        _ = sessions.withLock { $0.removeValue(forKey: id) }
    }

    /// Ends every session of account `id` (its password changed, or it was disabled).
    public func destroyAll(account id: Int64) {
        sessions.withLock { sessions in
            sessions = sessions.filter { $0.value.account?.id != id }
        }
    }

    /// Drops expired sessions (run now and then).
    public func prune(at date: Date = Date()) {
        sessions.withLock { Self.prune(&$0, at: date, lifetime: lifetime, anonymous: anonymousLifetime, force: false) }
    }

    var count: Int { sessions.withLock { $0.count } }

    private static func prune(_ sessions: inout [String: PortalSession], at date: Date, lifetime: TimeInterval,
                              anonymous: TimeInterval, force: Bool) {
        sessions = sessions.filter { date.timeIntervalSince($0.value.lastSeen) <= ($0.value.account == nil ? anonymous : lifetime) }
        if force {
            // Still full: anonymous sessions (a login page opened and left) give way first.
            let anonymousIDs = sessions.filter { $0.value.account == nil }.sorted { $0.value.lastSeen < $1.value.lastSeen }.map(\.key)
            for id in anonymousIDs.prefix(max(1, sessions.count / 10)) { sessions[id] = nil }
        }
    }

    /// 256 random bits from the system's generator, as 64 hex digits.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let value = generator.next() as UInt64
            let hex = String(value, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }

    /// Compares two tokens in time that does not depend on where they differ.
    static func tokensMatch(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count, !x.isEmpty else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }
}
