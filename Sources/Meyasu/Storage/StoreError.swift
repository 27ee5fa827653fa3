/// Why the database could not be used; messages name the database file, never stored content.
public struct StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// Another process holds the write lock longer than the busy timeout.
        case busy
        /// The file cannot be opened, is not a Meyasu database, or is newer than this program.
        case unusable
        /// The record asked for (e.g. a proposal id) does not exist.
        case notFound
        /// A file given to restore cannot be opened or read.
        case fileUnreadable
        /// A file given to restore is not a Meyasu database, is damaged or is newer than this program.
        case fileRejected
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
