/// Who makes a change: the scheme's office (`admin`, which may act on any proposal) or a
/// department, which may change, answer and annotate only the proposals assigned to it.
/// The portal will add signed-in accounts acting for their department.
public enum WorkflowActor: Sendable, Equatable, CustomStringConvertible {
    case admin
    case department(String)

    /// `admin` or a department code of `organization`; nil for anything else.
    public init?(_ text: String, organization: Organization) {
        if text == "admin" {
            self = .admin
        } else if organization.department(text) != nil {
            self = .department(text)
        } else {
            return nil
        }
    }

    /// As stored in the history's `actor` column.
    public var description: String {
        switch self {
        case .admin: "admin"
        case .department(let code): code
        }
    }

    /// Whose private notes this actor reads and writes.
    public var noteOwner: String { description }

    /// Whether this actor may change, answer or annotate a proposal now assigned to `department`.
    public func mayWork(on department: String) -> Bool {
        switch self {
        case .admin: true
        case .department(let code): code == department
        }
    }
}
