import Foundation
import HummingbirdBcrypt
import Meyasu
import Synchronization

/// Accounts: adding them, changing passwords, and signing in with throttling and lock-out.
///
/// Passwords are hashed with bcrypt. A sign-in with an unknown name still checks a hash, so the
/// time taken does not tell which names exist.
public struct AccountService: Sendable {
    /// bcrypt's work factor: 2¹² rounds, about a quarter of a second on the city's servers.
    public static let defaultCost: UInt8 = 12
    /// The shortest password taken.
    public static let minimumPasswordLength = 10

    let store: MeyasuStore
    let organization: Organization
    let settings: WorkspaceConfig.Portal
    let cost: UInt8
    let clock: @Sendable () -> Date
    /// A hash to check against when the name is unknown, made at the first sign-in (the CLI's
    /// account commands never need it).
    private let decoy: DecoyHash
    /// Refusals per address (`LoginThrottle`).
    let throttle = LoginThrottle()

    public init(store: MeyasuStore, organization: Organization, settings: WorkspaceConfig.Portal = .init(),
                cost: UInt8 = defaultCost, clock: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.organization = organization
        self.settings = settings
        self.cost = cost
        self.clock = clock
        decoy = DecoyHash(cost: cost)
    }

    /// How a sign-in went. The page says the same thing for every failure but `.locked`.
    public enum SignIn: Sendable, Equatable {
        case success(Account)
        /// Unknown name, wrong password or disabled account.
        case refused
        /// Too many wrong passwords: locked until the date.
        case locked(until: Date)
        /// Too many refusals from this address, whatever the accounts: held back until the date.
        case throttled(until: Date)
    }

    /// Checks `password` for account `name`, counting wrong ones towards the account's lock-out
    /// and every refusal towards the address's throttle (checked first, before bcrypt runs).
    /// - Parameter address: where the attempt comes from (the CLI has none to give).
    public func signIn(name: String, password: String, from address: String = "local") throws -> SignIn {
        let now = clock()
        if let until = throttle.retryAfter(address, at: now) { return .throttled(until: until) }
        let outcome = try check(name: name, password: password, at: now)
        if case .success = outcome { return outcome }
        throttle.recordFailure(address, at: now)
        return outcome
    }

    private func check(name: String, password: String, at now: Date) throws -> SignIn {
        guard Account.isValidName(name), let account = try store.account(named: name) else {
            _ = Bcrypt.verify(password, hash: decoy.hash)
            return .refused
        }
        if let until = account.lockedUntil, until > now {
            _ = Bcrypt.verify(password, hash: decoy.hash)
            return .locked(until: until)
        }
        guard Bcrypt.verify(password, hash: account.passwordHash) else {
            let after = try store.recordFailedLogin(id: account.id, attempts: settings.lockoutAttempts,
                                                    lockFor: settings.lockoutMinutes * 60, at: now)
            if let until = after?.lockedUntil, until > now { return .locked(until: until) }
            return .refused
        }
        if account.disabled { return .refused }
        // Only a count to clear costs a write: signing in must not wait for a running import.
        if account.failedLogins > 0 || account.lockedUntil != nil { try store.recordSuccessfulLogin(id: account.id) }
        var signedIn = account
        signedIn.failedLogins = 0
        signedIn.lockedUntil = nil
        return .success(signedIn)
    }

    /// The account a trusted proxy vouched for (single sign-on); nil if unknown or disabled.
    public func trusted(name: String) throws -> Account? {
        guard Account.isValidName(name), let account = try store.account(named: name), !account.disabled else { return nil }
        return account
    }

    /// Adds an account after checking its name, role, department and password.
    /// - Throws: `AccountError` naming what is wrong.
    @discardableResult
    public func add(name: String, role: AccountRole, department: String?, password: String) throws -> Account {
        try check(name: name)
        switch role {
        case .department:
            guard let department else {
                throw AccountError(.invalid, "a department account needs --department CODE (a code from organization.yaml).")
            }
            guard organization.department(department) != nil else {
                throw AccountError(.invalid, "--department \(department) is not a department code in organization.yaml.")
            }
        case .admin, .hr, .staff:
            if department != nil {
                throw AccountError(.invalid, "only department accounts have a department; leave --department out for role \(role.rawValue).")
            }
        }
        try check(password: password)
        return try store.addAccount(name: name, role: role, department: department,
                                    passwordHash: Bcrypt.hash(password, cost: cost), at: clock())
    }

    /// Sets a new password (and lifts a lock-out).
    public func setPassword(name: String, password: String) throws {
        try check(password: password)
        try store.setPassword(name: name, passwordHash: Bcrypt.hash(password, cost: cost), at: clock())
    }

    func check(name: String) throws {
        guard Account.isValidName(name) else {
            throw AccountError(.invalid, "an account name is 1 to 64 ASCII letters, digits, '.', '_' or '-'.")
        }
    }

    func check(password: String) throws {
        guard password.count >= Self.minimumPasswordLength else {
            throw AccountError(.invalid, "the password is too short; use at least \(Self.minimumPasswordLength) characters.")
        }
        // bcrypt reads at most 72 bytes: a longer password would match any with the same start.
        guard password.utf8.count <= 72 else {
            throw AccountError(.invalid, "the password is longer than 72 bytes, which bcrypt cannot tell apart; use a shorter one.")
        }
    }
}

/// A bcrypt hash of a random text, made once on first use.
final class DecoyHash: Sendable {
    private let value = Mutex<String?>(nil)
    let cost: UInt8

    init(cost: UInt8) {
        self.cost = cost
    }

    var hash: String {
        value.withLock { value in
            if let value { return value }
            let made = Bcrypt.hash(SessionStore.randomToken(), cost: cost)
            value = made
            return made
        }
    }
}
