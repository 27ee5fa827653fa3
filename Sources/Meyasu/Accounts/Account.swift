import Foundation

/// What a portal account may do. Every account has exactly one role.
public enum AccountRole: String, Sendable, Equatable, CaseIterable, Codable {
    /// The scheme's office (行政管理課): every proposal, imports, routing corrections, accounts.
    case admin
    /// 人事課: the staff survey's summary and its downloads.
    case hr
    /// One department (所属): the proposals assigned to it, and nothing else.
    case department
    /// Any member of staff: the board of published answers, read-only.
    case staff

    /// The role's name on the portal's pages.
    public var label: String {
        switch self {
        case .admin: "管理者"
        case .hr: "人事"
        case .department: "所属"
        case .staff: "職員"
        }
    }
}

/// A portal account. The password is stored only as a bcrypt hash.
public struct Account: Sendable, Equatable {
    public var id: Int64
    /// The sign-in name (ASCII letters, digits, `.`, `_`, `-`; compared without case).
    public var name: String
    public var role: AccountRole
    /// The department's code, for `.department` accounts only.
    public var department: String?
    public var passwordHash: String
    public var disabled: Bool
    /// Wrong passwords in a row since the last successful sign-in.
    public var failedLogins: Int
    /// While in the future, the account cannot sign in.
    public var lockedUntil: Date?
    public var createdAt: Date

    public init(id: Int64, name: String, role: AccountRole, department: String?, passwordHash: String,
                disabled: Bool = false, failedLogins: Int = 0, lockedUntil: Date? = nil, createdAt: Date) {
        self.id = id
        self.name = name
        self.role = role
        self.department = department
        self.passwordHash = passwordHash
        self.disabled = disabled
        self.failedLogins = failedLogins
        self.lockedUntil = lockedUntil
        self.createdAt = createdAt
    }

    /// Whether `name` is a valid sign-in name: 1–64 ASCII letters, digits, `.`, `_` or `-`.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x2E || $0 == 0x5F || $0 == 0x2D }
    }

    /// True while a lock-out after repeated wrong passwords lasts.
    public func isLocked(at date: Date) -> Bool {
        lockedUntil.map { $0 > date } ?? false
    }

    /// As the workflow records its changes: the department, or `admin`; nil for roles that do
    /// not work on proposals.
    public var workflowActor: WorkflowActor? {
        switch role {
        case .admin: .admin
        case .department: department.map { .department($0) }
        case .hr, .staff: nil
        }
    }
}
