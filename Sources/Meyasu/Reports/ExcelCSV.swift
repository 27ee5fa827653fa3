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

    /// `-2.7`, `12`, `+0.5`: an optional sign, digits, and at most one decimal point between digits.
    static func isPlainNumber(_ text: String) -> Bool {
        var digits = 0
        var point = false
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case 0x2B, 0x2D where index == 0: continue
            case 0x30...0x39: digits += 1
            case 0x2E where !point && digits > 0: point = true
            default: return false
            }
        }
        return digits > 0 && text.utf8.last.map { (0x30...0x39).contains($0) } == true
    }

    static func quote(_ cell: String) -> String {
        var value = cell
        // A cell starting with = + - @ (or a tab/CR) would be run as a formula: prefix a quote mark.
        // A plain number (-2.7) is not a formula and stays a number.
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), !isPlainNumber(value) {
            value = "'" + value
        }
        value = value.replacingOccurrences(of: "\r\n", with: "\n")
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
