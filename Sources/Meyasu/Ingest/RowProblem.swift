/// Something wrong with one row of an export: where it is and why, never what it holds.
public struct RowProblem: Error, Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// The row cannot be imported as it is.
        case badRow = "bad_row"
        /// The row's 回答ID was imported before with different content; the first one is kept.
        case conflict
    }

    /// The physical line on which the row starts.
    public var line: Int
    /// The row's record number (the header is record 1).
    public var record: Int
    /// The column's header, when the problem is in one cell.
    public var column: String?
    public var kind: Kind
    /// Why, as a phrase that never quotes the cell.
    public var reason: String

    public init(line: Int, record: Int, column: String? = nil, kind: Kind = .badRow, reason: String) {
        self.line = line
        self.record = record
        self.column = column
        self.kind = kind
        self.reason = reason
    }

    /// One sentence for people: `export.csv line 12, column 回答日時: not a real date and time.`
    public func sentence(file: String) -> String {
        "\(file) line \(line)" + (column.map { ", column \($0)" } ?? "") + ": \(reason)."
    }
}
