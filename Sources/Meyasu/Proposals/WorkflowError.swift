/// Why a change to a proposal was refused. Messages name the proposal id, the option or the
/// status, never the text that was entered.
public struct WorkflowError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// No proposal with that id.
        case notFound
        /// The actor may not act on a proposal of another department.
        case forbidden
        /// A department code that is not in organization.yaml.
        case unknownDepartment
        /// A status that is not configured.
        case unknownStatus
        /// A move the configuration does not allow.
        case illegalTransition
        /// The target status needs a reason.
        case reasonRequired
        /// Nothing to do: e.g. publishing with no draft, or an empty text.
        case nothingToDo
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
