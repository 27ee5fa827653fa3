/// A configuration file that is missing or wrong: the message names the file, the key and the fix.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// No workspace here (no meyasu.yaml).
        case notFound
        /// A file exists but says something Meyasu cannot use.
        case invalid
        /// `meyasu init` would overwrite an existing workspace.
        case exists
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
