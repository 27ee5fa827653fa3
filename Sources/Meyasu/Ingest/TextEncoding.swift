/// The character encodings a LoGo export arrives in.
public enum TextEncoding: String, Sendable, Equatable, CaseIterable, Codable {
    /// UTF-8, with or without a byte-order mark.
    case utf8 = "utf-8"
    /// Shift_JIS as Windows writes it (windows-31j), the encoding of a file re-saved by Excel.
    case cp932 = "cp932"

    /// Reads an `--encoding` option value; accepts the common aliases.
    public init?(option: String) {
        switch option.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8", "utf-8-sig": self = .utf8
        case "cp932", "windows-31j", "shift-jis", "sjis", "ms932", "ms-kanji": self = .cp932
        default: return nil
        }
    }

    /// The name people read in messages.
    public var displayName: String {
        switch self {
        case .utf8: "UTF-8"
        case .cp932: "CP932 (Shift_JIS)"
        }
    }
}
