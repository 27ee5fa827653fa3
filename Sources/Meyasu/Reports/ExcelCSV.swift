/// CSV that Excel on a Japanese Windows PC opens correctly: UTF-8 with a BOM, CR LF record
/// ends, every cell quoted, and cells that Excel would run as formulas defused.
public struct ExcelCSV {
    private var text = "\u{FEFF}"

    public init(headers: [String]) {
        append(headers)
    }

    /// Adds one record.
    public mutating func append(_ cells: [String]) {
        text += cells.map(Self.quote).joined(separator: ",") + "\r\n"
    }

    /// The whole file.
    public var output: String { text }

    static func quote(_ cell: String) -> String {
        var value = cell
        // A cell starting with = + - @ (or a tab/CR) would be run as a formula: prefix a quote mark.
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            value = "'" + value
        }
        value = value.replacingOccurrences(of: "\r\n", with: "\n")
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
