/// Why a whole file could not be imported.
///
/// Messages are single sentences naming the file (and line or column where there is one)
/// and never quote a cell of the export.
public struct IngestError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of failure this is; the CLI maps every code to an exit status.
    public enum Code: String, Sendable, Equatable {
        /// The file cannot be opened or read.
        case unreadable
        /// The bytes are not a CSV export at all (empty, UTF-16, zip, binary, endless line).
        case notAnExport
        /// The header does not fit any form profile (missing required or duplicated columns).
        case badHeader
        /// A survey export holds responses from two fiscal years and no year was given.
        case mixedFiscalYears
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
