import Foundation
import Synchronization

/// Slows down password guessing from one address across many accounts (the per-account
/// lock-out stops guessing one account): after `limit` refused sign-ins within `window`, the
/// address must wait until the oldest of them leaves the window. It also keeps a flood of
/// sign-ins from spending the server's CPU on bcrypt.
final class LoginThrottle: Sendable {
    private let failures = Mutex<[String: [Date]]>([:])
    let limit: Int
    let window: TimeInterval

    init(limit: Int = 20, window: TimeInterval = 5 * 60) {
        self.limit = limit
        self.window = window
    }

    /// Nil when `address` may try now; otherwise when it may try again.
    func retryAfter(_ address: String, at date: Date) -> Date? {
        failures.withLock { failures in
            let recent = (failures[address] ?? []).filter { date.timeIntervalSince($0) < window }
            failures[address] = recent.isEmpty ? nil : recent
            return recent.count >= limit ? recent.first!.addingTimeInterval(window) : nil
        }
    }

    /// Counts a refused sign-in from `address`.
    func recordFailure(_ address: String, at date: Date) {
        failures.withLock { failures in
            var recent = (failures[address] ?? []).filter { date.timeIntervalSince($0) < window }
            recent.append(date)
            failures[address] = recent
            // Bounded memory: forget the quietest addresses when too many are tracked.
            if failures.count > 10_000 {
                failures = failures.filter { $0.value.contains { date.timeIntervalSince($0) < window } }
            }
        }
    }
}
