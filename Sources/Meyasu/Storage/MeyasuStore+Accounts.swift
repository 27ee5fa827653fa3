import Foundation
import GRDB

extension MeyasuStore {
    /// Adds an account.
    /// - Throws: `StoreError(.unusable)`-free: a taken name is `AccountError.nameTaken`.
    @discardableResult
    public func addAccount(name: String, role: AccountRole, department: String?, passwordHash: String,
                           at date: Date = Date()) throws -> Account {
        try transaction { db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM account WHERE name = ?", arguments: [name]) != nil {
                throw AccountError(.nameTaken, "there is already an account named \(name); choose another name or change its password with `meyasu user passwd`.")
            }
            let stamp = Timestamp.iso(date)
            try db.execute(sql: """
                INSERT INTO account (name, role, department, password_hash, created_at, password_changed_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [name, role.rawValue, department, passwordHash, stamp, stamp])
            return Account(id: db.lastInsertedRowID, name: name, role: role, department: department,
                           passwordHash: passwordHash, createdAt: date)
        }
    }

    /// The account called `name` (without regard to case), if any.
    public func account(named name: String) throws -> Account? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM account WHERE name = ?", arguments: [name]).map(Self.account) }
    }

    /// The account with `id`, if any.
    public func account(id: Int64) throws -> Account? {
        // Cached: the portal reads the signed-in account on every request.
        try read { db in try Row.fetchOne(try db.cachedStatement(sql: "SELECT * FROM account WHERE id = ?"), arguments: [id]).map(Self.account) }
    }

    /// Every account, by name.
    public func accounts() throws -> [Account] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY name").map(Self.account) }
    }

    /// Replaces an account's password hash and lifts any lock-out.
    /// - Throws: `AccountError(.unknown)` when there is no such account.
    public func setPassword(name: String, passwordHash: String, at date: Date = Date()) throws {
        try transaction { db in
            try db.execute(sql: """
                UPDATE account SET password_hash = ?, password_changed_at = ?, failed_logins = 0, locked_until = NULL
                WHERE name = ?
                """, arguments: [passwordHash, Timestamp.iso(date), name])
            if db.changesCount == 0 { throw AccountError.unknown(name) }
        }
    }

    /// Disables (or enables again) an account; enabling also lifts a lock-out.
    /// - Throws: `AccountError(.unknown)` when there is no such account.
    public func setDisabled(name: String, _ disabled: Bool) throws {
        try transaction { db in
            try db.execute(sql: """
                UPDATE account SET disabled = ?, failed_logins = CASE WHEN ? THEN failed_logins ELSE 0 END,
                    locked_until = CASE WHEN ? THEN locked_until ELSE NULL END
                WHERE name = ?
                """, arguments: [disabled, disabled, disabled, name])
            if db.changesCount == 0 { throw AccountError.unknown(name) }
        }
    }

    /// Counts a wrong password for account `id`; the `attempts`-th in a row locks it until
    /// `date + lockFor`.
    /// - Returns: the account afterwards.
    @discardableResult
    public func recordFailedLogin(id: Int64, attempts: Int, lockFor: TimeInterval, at date: Date = Date()) throws -> Account? {
        try transaction { db in
            try db.execute(sql: """
                UPDATE account SET failed_logins = failed_logins + 1,
                    locked_until = CASE WHEN failed_logins + 1 >= ? THEN ? ELSE locked_until END
                WHERE id = ?
                """, arguments: [attempts, Int64((date.timeIntervalSince1970 + lockFor).rounded(.up)), id])
            // A lock-out starts the count again: the next wrong passwords after it ends lock it anew.
            try db.execute(sql: "UPDATE account SET failed_logins = 0 WHERE id = ? AND failed_logins >= ?",
                           arguments: [id, attempts])
            return try Row.fetchOne(db, sql: "SELECT * FROM account WHERE id = ?", arguments: [id]).map(Self.account)
        }
    }

    /// Clears the count of wrong passwords after a successful sign-in.
    public func recordSuccessfulLogin(id: Int64) throws {
        try transaction { db in
            try db.execute(sql: "UPDATE account SET failed_logins = 0, locked_until = NULL WHERE id = ? AND (failed_logins > 0 OR locked_until IS NOT NULL)",
                           arguments: [id])
        }
    }

    static func account(_ row: Row) -> Account {
        let lockedUntil: Int64? = row["locked_until"]
        let created: String = row["created_at"]
        return Account(id: row["id"], name: row["name"], role: AccountRole(rawValue: row["role"]) ?? .staff,
                       department: row["department"], passwordHash: row["password_hash"],
                       disabled: row["disabled"], failedLogins: row["failed_logins"],
                       lockedUntil: lockedUntil.map { Date(timeIntervalSince1970: TimeInterval($0)) },
                       createdAt: Timestamp.date(created) ?? Date(timeIntervalSince1970: 0))
    }
}

/// Why an account could not be added or changed.
public struct AccountError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The name is taken.
        case nameTaken
        /// There is no such account.
        case unknown
        /// A name, role, department or password that is not allowed.
        case invalid
    }

    public var code: Code
    public var message: String
    public var description: String { message }

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    static func unknown(_ name: String) -> AccountError {
        AccountError(.unknown, "there is no account named \(name); list them with `meyasu user list`.")
    }
}
