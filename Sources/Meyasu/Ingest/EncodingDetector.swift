/// What the first look at a file's bytes decided.
public struct FileSniff: Sendable, Equatable {
    /// The encoding the cells are decoded with.
    public var encoding: TextEncoding
    /// Bytes of byte-order mark to skip before the CSV starts (0 or 3).
    public var bomLength: Int
    /// Whether the encoding came from `--encoding` rather than from the bytes.
    public var forced: Bool

    public var description: String {
        encoding.displayName + (bomLength > 0 ? " with BOM" : "") + (forced ? " (as told)" : "")
    }
}

/// Decides from a file's bytes whether it is a usable export and in which encoding.
///
/// The rules: a UTF-16 or UTF-32 byte-order mark, a zip archive (an .xlsx saved by mistake),
/// an old Excel workbook, a PDF or binary data reject the file whole. A UTF-8 BOM, or bytes
/// that are valid UTF-8 throughout, mean UTF-8. A file that is overwhelmingly valid UTF-8 with
/// a few broken sequences is still UTF-8 (the broken rows are reported, not mis-decoded as
/// CP932). Anything else is CP932, the encoding Excel writes when it re-saves a CSV.
public enum EncodingDetector {
    /// How much of the file's start is examined for magic numbers and binary content.
    static let headLength = 64 * 1024
    /// Enough well-formed multi-byte sequences with no broken one to call a file UTF-8 early.
    static let confidentUTF8 = 4096

    /// Examines `file` and returns how to read it; leaves the read position at the start.
    /// - Parameters:
    ///   - file: the export.
    ///   - forced: the encoding given with `--encoding`, if any; rejection rules still apply.
    /// - Throws: `IngestError` `.notAnExport` with a sentence saying what the file seems to be.
    public static func sniff(_ file: ByteFile, forced: TextEncoding? = nil) throws -> FileSniff {
        let name = file.displayName
        let head = try readHead(of: file)
        if head.isEmpty {
            throw IngestError(.notAnExport, "\(name) is empty (0 bytes); download the export again.")
        }
        let hasUTF8BOM = head.starts(with: [0xEF, 0xBB, 0xBF])
        if hasUTF8BOM && file.size == 3 {
            throw IngestError(.notAnExport, "\(name) holds only a byte-order mark and no data; download the export again.")
        }
        if let kind = recognisedNonCSV(head) {
            throw IngestError(.notAnExport, "\(name) seems to be \(kind), not a CSV export; \(kind.hasPrefix("UTF") ? "save it as UTF-8 or as CSV (Shift_JIS)" : "download the form's CSV export instead").")
        }
        if looksBinary(head) {
            throw IngestError(.notAnExport, "\(name) seems to be binary data, not a CSV export; download the form's CSV export instead.")
        }
        try file.seek(to: 0)
        defer { try? file.seek(to: 0) }
        if hasUTF8BOM {
            return FileSniff(encoding: forced ?? .utf8, bomLength: 3, forced: forced != nil)
        }
        if let forced {
            return FileSniff(encoding: forced, bomLength: 0, forced: true)
        }
        var scanner = UTF8Scanner()
        try file.forEachChunk { chunk in
            scanner.feed(chunk)
            if scanner.invalid == 0 && scanner.validMultibyte >= confidentUTF8 { return false }
            if scanner.invalid >= 64 && scanner.invalid > scanner.validMultibyte { return false }
            return true
        }
        scanner.finish()
        let isUTF8 = scanner.invalid == 0 || scanner.invalid * 20 < scanner.validMultibyte
        return FileSniff(encoding: isUTF8 ? .utf8 : .cp932, bomLength: 0, forced: false)
    }

    private static func readHead(of file: ByteFile) throws -> [UInt8] {
        try file.seek(to: 0)
        var head = [UInt8](repeating: 0, count: headLength)
        let count = try head.withUnsafeMutableBytes { buffer in
            var total = 0
            while total < buffer.count {
                let read = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[total...]))
                if read == 0 { break }
                total += read
            }
            return total
        }
        head.removeSubrange(count...)
        return head
    }

    /// Names the kind of file for byte-order marks and magic numbers that are never CSV.
    static func recognisedNonCSV(_ head: [UInt8]) -> String? {
        if head.starts(with: [0xFF, 0xFE, 0x00, 0x00]) || head.starts(with: [0x00, 0x00, 0xFE, 0xFF]) {
            return "UTF-32 text"
        }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            return "UTF-16 text"
        }
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            return "a zip archive (probably an Excel workbook, .xlsx)"
        }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return "an Excel 97-2003 workbook (.xls)"
        }
        if head.starts(with: Array("%PDF-".utf8)) {
            return "a PDF document"
        }
        // UTF-16 without a byte-order mark: ASCII characters leave every other byte zero.
        let sample = head.prefix(4096)
        if sample.count >= 16 {
            var evenZeros = 0
            var oddZeros = 0
            for (offset, byte) in sample.enumerated() where byte == 0 {
                if offset % 2 == 0 { evenZeros += 1 } else { oddZeros += 1 }
            }
            let half = sample.count / 2
            if evenZeros * 10 > half * 3 || oddZeros * 10 > half * 3 {
                return "UTF-16 text without a byte-order mark"
            }
        }
        return nil
    }

    /// Many control bytes (other than tab, line feed, carriage return) mean binary data;
    /// a single NUL in a cell does not: that row is reported by the importer instead.
    static func looksBinary(_ head: [UInt8]) -> Bool {
        var control = 0
        for byte in head where byte < 0x20 || byte == 0x7F {
            if byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C { control += 1 }
        }
        return control > 8 && control * 100 > head.count
    }
}
