/// Escaping for the HTML pages Meyasu writes (the survey report, the answers board).
public enum HTMLText {
    /// `text` safe inside HTML text and quoted attribute values: & < > " ' become references.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Escaped, with line breaks kept as `<br>`.
    static func paragraph(_ text: String) -> String {
        escape(text).replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "<br>\n")
    }
}
