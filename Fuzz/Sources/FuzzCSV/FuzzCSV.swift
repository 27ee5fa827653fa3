// The CSV reader: CSVReader over the input as a file, with the default limits and with small
// ones (16-byte cells, 64-byte lines) so the runaway-quote restart and the line limit are reached.
//
// Checks: no crash or hang; the reader ends (at most one record per input byte, plus one); the
// chunk size never changes the records, their problems, their line numbers or the error; every
// record is well formed (cell ends in order, the last at the end of the bytes, line numbers
// rising); without a quote in the input the records are exactly the lines split at commas.
import FuzzSupport
@testable import Meyasu

/// What one reader made of the file: every record, and the error that stopped it, if any.
struct Reading: Equatable {
    var records: [CSVRecord] = []
    var error: String?
    var sha256: String?
}

func read(_ path: String, chunkSize: Int, maxCellBytes: Int, maxLineBytes: Int, limit: Int) -> Reading {
    var reading = Reading()
    do {
        let file = try ByteFile(path: path)
        let reader = try CSVReader(file: file, maxCellBytes: maxCellBytes, maxLineBytes: maxLineBytes, chunkSize: chunkSize)
        while let record = try reader.next() {
            reading.records.append(record)
            invariant(reading.records.count <= limit, "the reader does not end: \(reading.records.count) records from \(limit - 1) bytes")
        }
        reading.sha256 = reader.sha256
        invariant(reading.sha256 != nil, "no SHA-256 at the end of the file")
    } catch let error as IngestError {
        reading.error = error.message
    } catch {
        invariant(false, "the reader threw something other than IngestError: \(type(of: error))")
    }
    return reading
}

func checkShape(_ reading: Reading) {
    var lastLine = 0
    var lastNumber = 0
    for record in reading.records {
        invariant(record.line > lastLine, "line numbers do not rise: \(lastLine) then \(record.line)")
        invariant(record.number > lastNumber, "record numbers do not rise: \(lastNumber) then \(record.number)")
        lastLine = record.line
        lastNumber = record.number
        invariant(zip(record.cellEnds, record.cellEnds.dropFirst()).allSatisfy { $0 <= $1 }, "cell ends out of order")
        invariant((record.cellEnds.last ?? 0) == record.bytes.count, "the last cell does not end at the end of the bytes")
        invariant(!record.isBlank || record.problem != nil, "next() returned a blank record")
    }
}

/// The records of a file without quotes, the simple way: lines (CR LF, LF or CR) split at commas,
/// all-empty lines skipped.
func quoteFreeRecords(_ bytes: UnsafeBufferPointer<UInt8>) -> [(line: Int, cells: [[UInt8]])] {
    var records: [(line: Int, cells: [[UInt8]])] = []
    var line = 1
    var current: [UInt8] = []
    var started = false
    func flush() {
        let cells = current.split(separator: 0x2C, omittingEmptySubsequences: false).map(Array.init)
        if cells.contains(where: { !$0.isEmpty }) { records.append((line, cells)) }
        current = []
        started = false
    }
    var index = 0
    while index < bytes.count {
        let byte = bytes[index]
        if byte == 0x0D || byte == 0x0A {
            if started { flush() }
            line += 1
            if byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A { index += 1 }
        } else {
            if !started { started = true }
            current.append(byte)
        }
        index += 1
    }
    if started { flush() }
    // Lines are numbered where they start.
    return records
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let path = ScratchFile.write(bytes)
    let limit = size + 1

    let whole = read(path, chunkSize: 1 << 20, maxCellBytes: CSVReader.defaultMaxCellBytes,
                     maxLineBytes: CSVReader.defaultMaxLineBytes, limit: limit)
    let chunked = read(path, chunkSize: 7, maxCellBytes: CSVReader.defaultMaxCellBytes,
                       maxLineBytes: CSVReader.defaultMaxLineBytes, limit: limit)
    invariant(whole == chunked, "the chunk size changed what was read")
    checkShape(whole)

    let small = read(path, chunkSize: 1 << 16, maxCellBytes: 16, maxLineBytes: 64, limit: limit)
    let smallChunked = read(path, chunkSize: 3, maxCellBytes: 16, maxLineBytes: 64, limit: limit)
    invariant(small == smallChunked, "the chunk size changed what was read (small limits)")
    checkShape(small)

    if whole.error == nil && !bytes.contains(0x22) {
        let expected = quoteFreeRecords(bytes)
        invariant(expected.count == whole.records.count, "quote-free file: \(whole.records.count) records, expected \(expected.count)")
        for (record, reference) in zip(whole.records, expected) {
            invariant(record.problem == nil, "quote-free record with a quoting problem")
            invariant(record.line == reference.line, "quote-free record on line \(record.line), expected \(reference.line)")
            invariant((0..<record.cellCount).map { Array(record.cell($0)) } == reference.cells, "quote-free record split differently")
        }
    }
    return 0
}

@_cdecl("FuzzCSV_main")
public func fuzzCSVMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv, fuzzCSV)
}
