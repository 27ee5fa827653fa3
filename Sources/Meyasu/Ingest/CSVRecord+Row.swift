#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

extension CSVRecord {
    /// A problem with this record in the export whose header is `headers`, naming `column`
    /// (an index into `headers`) when there is one.
    func problem(_ reason: String, column: Int? = nil, headers: [String]) -> RowProblem {
        RowProblem(line: line, record: number,
                   column: column.flatMap { $0 < headers.count ? headers[$0] : nil }, reason: reason)
    }

    /// What makes the record unreadable as a row of an export with `headers`: broken quoting
    /// or the wrong number of cells. Nil when every cell can be looked at.
    func structuralProblem(headers: [String]) -> RowProblem? {
        if let quoting = problem {
            switch quoting {
            case .unterminatedQuote:
                return problem("a quoted cell is never closed (a missing \" ?), so this row cannot be read", headers: headers)
            case .quoteInUnquotedCell(let index):
                return problem("a \" appears inside a cell that is not quoted", column: index, headers: headers)
            case .textAfterClosingQuote(let index):
                return problem("text follows the closing quote of a cell", column: index, headers: headers)
            }
        }
        guard cellCount == headers.count else {
            return problem("has \(cellCount) cells where the header has \(headers.count)", headers: headers)
        }
        return nil
    }

    /// Cell `index` decoded, or the problem that says why it cannot be (a NUL byte, bytes that
    /// are not valid in the file's encoding). Never quotes the cell.
    func decodedCell(_ index: Int, decoder: CellDecoder, headers: [String]) -> Result<String, RowProblem> {
        let bytes = cell(index)
        if bytes.withUnsafeBufferPointer({ buffer in buffer.baseAddress.map { memchr($0, 0, buffer.count) != nil } ?? false }) {
            return .failure(problem("contains a NUL byte", column: index, headers: headers))
        }
        guard let value = decoder.decode(bytes) else {
            return .failure(problem("holds bytes that are not valid \(decoder.encoding.displayName)", column: index, headers: headers))
        }
        return .success(value)
    }
}
