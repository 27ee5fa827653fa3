/// Terminal column widths of Japanese text: full-width characters take two columns.
enum DisplayWidth {
    static func of(_ text: String) -> Int {
        var width = 0
        for scalar in text.unicodeScalars { width += of(scalar) }
        return width
    }

    static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        switch value {
        case 0x0300...0x036F, 0x200B...0x200F, 0x3099...0x309A, 0xFE00...0xFE0F: return 0
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD: return 2
        default: return value < 0x20 ? 0 : 1
        }
    }

    /// `text` cut to at most `width` columns, with … when cut.
    static func truncate(_ text: String, to width: Int) -> String {
        if of(text) <= width { return text }
        var out = ""
        var used = 0
        for character in text {
            let w = of(String(character))
            if used + w > width - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }

    /// `text` padded with spaces to `width` columns.
    static func pad(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - of(text)))
    }
}

/// A plain-text table for terminals, aligned for full-width characters.
public struct TextTable {
    public var headers: [String]
    public var rows: [[String]] = []
    /// The widest a column may be (longer cells are cut with …); nil for no limit.
    public var maxWidths: [Int?]

    public init(headers: [String], maxWidths: [Int?]? = nil) {
        self.headers = headers
        self.maxWidths = maxWidths ?? Array(repeating: nil, count: headers.count)
    }

    public func render() -> String {
        let cells = ([headers] + rows).map { row in
            row.enumerated().map { index, cell in
                let flat = cell.replacingOccurrences(of: "\n", with: " ")
                return maxWidths[index].map { DisplayWidth.truncate(flat, to: $0) } ?? flat
            }
        }
        var widths = Array(repeating: 0, count: headers.count)
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], DisplayWidth.of(cell)) }
        }
        var lines: [String] = []
        for (number, row) in cells.enumerated() {
            let line = row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : DisplayWidth.pad(cell, to: widths[index])
            }.joined(separator: "  ")
            // Empty last cells would leave trailing spaces.
            lines.append(String(line.reversed().drop(while: { $0 == " " }).reversed()))
            if number == 0 {
                lines.append(widths.enumerated().map { String(repeating: "-", count: $0.offset == widths.count - 1 ? max(4, min($0.element, 40)) : $0.element) }.joined(separator: "  "))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
