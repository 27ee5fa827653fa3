import Crypto

/// A streaming RFC 4180 reader over bytes that keeps physical line numbers for messages.
///
/// It reads CR LF, LF and lone CR record ends (mixed in one file too), quoted cells holding
/// commas, doubled quotes and line breaks, and a last record without a line end. It works on
/// bytes, which is safe for UTF-8 and CP932 alike: neither uses `"`, `,`, CR or LF inside a
/// multi-byte character. Memory stays flat: one chunk and one record at a time.
///
/// Quoting mistakes do not stop the file: the record is returned with its `problem` set, so the
/// importer can report that row and go on. A quote left open swallows at most `maxCellBytes`;
/// past that the reader reports the record and starts again on the line after its start, so a
/// stray quote costs one row rather than the rest of the file. An unquoted line longer than
/// `maxLineBytes` means the file is not a CSV export at all, and the whole file is rejected.
public final class CSVReader {
    public static let defaultMaxCellBytes = 1 << 20
    public static let defaultMaxLineBytes = 1 << 20

    private let file: ByteFile
    private let maxCellBytes: Int
    private let maxLineBytes: Int
    private let chunkSize: Int

    private var buffer: UnsafeMutableRawBufferPointer
    private var bufferCount = 0
    private var position = 0
    /// File offset of `buffer[0]`.
    private var bufferOffset: Int
    private var atEnd = false

    /// SHA-256 of every byte of the file, fed as the chunks are read (the bytes before
    /// `startOffset` included), so the import needs no second pass over a large file.
    private var hasher = SHA256()
    private var hashedUpTo = 0

    private var line = 1
    private var lineLength = 0
    private var previousWasCR = false
    private var recordNumber = 0
    private var lastRecordBytes = 0
    private var lastRecordCells = 0

    /// Creates a reader that starts `startOffset` bytes into `file` (after a byte-order mark).
    public init(file: ByteFile, startOffset: Int = 0,
                maxCellBytes: Int = defaultMaxCellBytes,
                maxLineBytes: Int = defaultMaxLineBytes,
                chunkSize: Int = 1 << 20) throws {
        self.file = file
        self.maxCellBytes = maxCellBytes
        self.maxLineBytes = maxLineBytes
        self.chunkSize = chunkSize
        self.buffer = .allocate(byteCount: chunkSize, alignment: 16)
        self.bufferOffset = startOffset
        if startOffset > 0 {
            try file.seek(to: 0)
            let prefix = UnsafeMutableRawBufferPointer.allocate(byteCount: startOffset, alignment: 1)
            defer { prefix.deallocate() }
            let count = try file.read(into: prefix)
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: prefix[0..<count]))
            hashedUpTo = count
        }
        try file.seek(to: startOffset)
    }

    /// The file's SHA-256 (hex) once the reader has reached its end; nil before.
    public var sha256: String? {
        atEnd ? Hex.encode(hasher.finalize()) : nil
    }

    deinit { buffer.deallocate() }

    private enum State {
        case cellStart, unquoted, quoted, quoteInQuoted
    }

    /// The next non-blank record, or nil at the end of the file.
    /// - Throws: `IngestError` when the file cannot be read or a line has no end in sight.
    public func next() throws -> CSVRecord? {
        while true {
            guard let record = try readRecord() else { return nil }
            if !record.isBlank || record.problem != nil {
                return record
            }
        }
    }

    private func refill() throws -> Bool {
        if atEnd { return false }
        bufferOffset += bufferCount
        bufferCount = try file.read(into: buffer)
        position = 0
        if bufferCount == 0 { atEnd = true }
        // After a restart the same bytes are read again: hash only what is new.
        let end = bufferOffset + bufferCount
        if end > hashedUpTo {
            let from = max(0, hashedUpTo - bufferOffset)
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[from..<bufferCount]))
            hashedUpTo = end
        }
        return bufferCount > 0
    }

    private func readRecord() throws -> CSVRecord? {
        var record = CSVRecord()
        // Sized like the last record: growing from empty would reallocate a dozen times a row.
        record.bytes.reserveCapacity(lastRecordBytes + lastRecordBytes / 4 + 64)
        record.cellEnds.reserveCapacity(max(lastRecordCells, 8))
        var state = State.cellStart
        var cellStart = 0
        var allEmpty = true
        var started = false
        // Where the record's second physical line starts: reading resumes there after a runaway quote.
        var resumeOffset: Int?

        func endCell() {
            record.cellEnds.append(record.bytes.count)
            if record.bytes.count > cellStart { allEmpty = false }
            cellStart = record.bytes.count
        }

        func finishRecord() -> CSVRecord {
            recordNumber += 1
            lastRecordBytes = min(record.bytes.count, 1 << 16)
            lastRecordCells = record.cellEnds.count
            record.number = recordNumber
            if allEmpty && record.problem == nil {
                record.bytes = []
                record.cellEnds = []
            }
            return record
        }

        while true {
            if position >= bufferCount, try !refill() {
                guard started else { return nil }
                if state == .quoted {
                    record.problem = record.problem ?? .unterminatedQuote
                    allEmpty = false
                }
                endCell()
                return finishRecord()
            }
            let base = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            let byte = base[position]
            let offset = bufferOffset + position

            // Line ends: CR LF counts once; a lone CR or LF counts too.
            if byte == 0x0A || byte == 0x0D {
                let secondHalfOfCRLF = byte == 0x0A && previousWasCR
                previousWasCR = byte == 0x0D
                lineLength = 0
                if secondHalfOfCRLF {
                    position += 1
                    if resumeOffset == offset { resumeOffset = offset + 1 }
                    if state == .quoted { record.bytes.append(byte) }
                    // Outside quotes the CR already ended the record (or the line): nothing to do.
                    continue
                }
                line += 1
                if resumeOffset == nil { resumeOffset = offset + 1 }
                position += 1
                switch state {
                case .quoted:
                    record.bytes.append(byte)
                    started = true
                case .cellStart, .unquoted, .quoteInQuoted:
                    if !started {
                        // A blank line.
                        record.line = line
                        resumeOffset = nil
                        continue
                    }
                    endCell()
                    return finishRecord()
                }
                continue
            }
            previousWasCR = false
            if !started {
                started = true
                record.line = line
            }

            switch state {
            case .cellStart, .unquoted:
                if byte == 0x2C {
                    endCell()
                    state = .cellStart
                    position += 1
                    lineLength += 1
                } else if byte == 0x22 && state == .cellStart {
                    state = .quoted
                    allEmpty = false
                    position += 1
                    lineLength += 1
                } else {
                    if byte == 0x22 && record.problem == nil {
                        record.problem = .quoteInUnquotedCell(record.cellEnds.count)
                    }
                    state = .unquoted
                    // Copy the run of ordinary bytes in one go.
                    var end = position + 1
                    while end < bufferCount {
                        let next = base[end]
                        if next == 0x2C || next == 0x0A || next == 0x0D || next == 0x22 { break }
                        end += 1
                    }
                    lineLength += end - position
                    if lineLength > maxLineBytes {
                        throw lineTooLong(line)
                    }
                    record.bytes.append(contentsOf: UnsafeBufferPointer(start: base + position, count: end - position))
                    position = end
                }
            case .quoted:
                if byte == 0x22 {
                    state = .quoteInQuoted
                    position += 1
                    continue
                }
                var end = position + 1
                while end < bufferCount {
                    let next = base[end]
                    if next == 0x22 || next == 0x0A || next == 0x0D { break }
                    end += 1
                }
                lineLength += end - position
                record.bytes.append(contentsOf: UnsafeBufferPointer(start: base + position, count: end - position))
                position = end
                if record.bytes.count - cellStart > maxCellBytes {
                    // A quote that never closes: report this record and read on from its second line.
                    guard let resumeOffset else { throw lineTooLong(record.line) }
                    let startLine = record.line
                    try restart(at: resumeOffset, line: startLine + 1)
                    recordNumber += 1
                    return CSVRecord(bytes: [], cellEnds: [], line: startLine, number: recordNumber,
                                     problem: .unterminatedQuote)
                }
            case .quoteInQuoted:
                if byte == 0x22 {
                    record.bytes.append(0x22)
                    state = .quoted
                    position += 1
                } else if byte == 0x2C {
                    endCell()
                    state = .cellStart
                    position += 1
                } else {
                    // Text after a closing quote: keep it, read on as an unquoted cell, report the row.
                    if record.problem == nil {
                        record.problem = .textAfterClosingQuote(record.cellEnds.count)
                    }
                    state = .unquoted
                }
            }
        }
    }

    private func lineTooLong(_ line: Int) -> IngestError {
        IngestError(.notAnExport, "\(file.displayName) line \(line) runs past \(maxLineBytes / 1024) KB without a line end; the file does not look like a CSV export.")
    }

    private func restart(at offset: Int, line: Int) throws {
        try file.seek(to: offset)
        bufferOffset = offset
        bufferCount = 0
        position = 0
        atEnd = false
        self.line = line
        lineLength = 0
        previousWasCR = false
    }
}
